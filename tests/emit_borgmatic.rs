//! `backix emit --format manifest` for borgmatic: NixOS `services.borgmatic` and home-manager
//! `programs.borgmatic` / `services.borgmatic` become one entry per configuration file, whose
//! text the real `borgmatic config validate` (2.1.10) accepts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSPHRASE: &str = "hunter2-do-not-print";

fn borgmatic() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/borgmatic");
    assert!(
        path.exists(),
        "borgmatic 2.1.10 is missing at {}: run scripts/setup",
        path.display()
    );
    path
}

fn backix(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .output()
        .expect("backix runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes `body` as a NixOS module and returns its manifest, both raw and parsed.
fn manifest(dir: &Path, body: &str) -> (PathBuf, String, serde_json::Value) {
    manifest_with(dir, body, 0)
}

/// As [`manifest`], expecting exit status `code` (1 when a job is blocked).
fn manifest_with(dir: &Path, body: &str, code: i32) -> (PathBuf, String, serde_json::Value) {
    let file = dir.join("configuration.nix");
    fs::write(&file, format!("{{ config, pkgs, ... }}: {{\n{body}\n}}\n")).unwrap();
    let out = backix(&["emit", "--format", "manifest", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let raw = text(&out.stdout);
    let value = serde_json::from_str(&raw).expect("manifest is JSON");
    (file, raw, value)
}

fn borgmatic_jobs(m: &serde_json::Value) -> Vec<&serde_json::Value> {
    m["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["kind"] == "borgmatic")
        .collect()
}

/// Runs `borgmatic -c FILE config validate` with a private home; the file holds `yaml`.
fn validate(dir: &Path, name: &str, yaml: &str) -> Output {
    let home = dir.join("home");
    fs::create_dir_all(&home).unwrap();
    let file = dir.join(name);
    fs::write(&file, yaml).unwrap();
    Command::new(borgmatic())
        .args(["-c", file.to_str().unwrap(), "config", "validate"])
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .expect("borgmatic runs")
}

const NIXOS: &str = r#"services.borgmatic = {
    enable = true;
    settings = {
      source_directories = [ "/home" ];
      repositories = [ { label = "local"; path = "/var/backup"; } ];
      keep_daily = 7;
    };
    configurations.offsite = {
      source_directories = [ "/srv" "/etc" ];
      repositories = [ { label = "remote"; path = "ssh://backup@example.org/./srv"; } ];
      encryption_passphrase = "hunter2-do-not-print";
      compression = "zstd,3";
      one_file_system = true;
      checks = [ { name = "repository"; frequency = "2 weeks"; } ];
    };
  };"#;

#[test]
fn nixos_settings_and_configurations_become_entries() {
    let dir = tempfile::tempdir().unwrap();
    let (_, raw, m) = manifest(dir.path(), NIXOS);
    assert!(!raw.contains(PASSPHRASE), "the passphrase leaked: {raw}");
    let jobs = borgmatic_jobs(&m);
    assert_eq!(jobs.len(), 2, "{m:#}");
    let main = jobs.iter().find(|j| j["name"] == "config").unwrap();
    let offsite = jobs.iter().find(|j| j["name"] == "offsite").unwrap();
    assert_eq!(main["options"]["label"], "services.borgmatic.settings");
    assert_eq!(main["options"]["path"], "/etc/borgmatic/config.yaml");
    assert_eq!(
        offsite["options"]["label"],
        "services.borgmatic.configurations.offsite"
    );
    assert_eq!(offsite["options"]["path"], "/etc/borgmatic.d/offsite.yaml");
    for job in [main, offsite] {
        let r = &job["rendered"];
        assert_eq!(r["unit"], "borgmatic");
        assert_eq!(r["steps"].as_array().unwrap().len(), 1);
        assert_eq!(r["steps"][0]["step"], "borgmatic");
        assert_eq!(
            r["steps"][0]["command"],
            "borgmatic --verbosity -2 --syslog-verbosity 1"
        );
        assert_eq!(r["service"]["Type"], "oneshot");
        assert_eq!(r["service"]["CPUSchedulingPolicy"], "batch");
        assert_eq!(
            r["service"]["ExecPrefix"],
            serde_json::json!([
                "systemd-inhibit",
                "--who=borgmatic",
                "--what=sleep:shutdown",
                "--why=Prevent interrupting scheduled backup"
            ])
        );
        assert_eq!(
            r["service"]["Settings"]["Service.ExecStartPre"],
            serde_json::json!(["sleep 1m"])
        );
        assert_eq!(r["timer"]["OnCalendar"], serde_json::json!(["daily"]));
        assert_eq!(r["timer"]["Persistent"], true);
        assert_eq!(
            r["timer"]["Settings"]["RandomizedDelaySec"],
            serde_json::json!(["3h"])
        );
        assert_eq!(r["timer"]["WantedBy"], serde_json::json!(["timers.target"]));
    }
    // The main configuration is fully known: real borgmatic accepts it as written.
    let yaml = main["options"]["yaml"].as_str().expect("known text");
    let parsed: serde_json::Value = serde_json::from_str(yaml).unwrap();
    assert_eq!(parsed["keep_daily"], 7);
    assert_eq!(parsed["repositories"][0]["path"], "/var/backup");
    let out = validate(dir.path(), "config.yaml", yaml);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    // The passphrase is a secret reference with a warning, listed as unresolved.
    let parts = offsite["options"]["yaml"]
        .as_array()
        .expect("text with a reference");
    let secret = parts.iter().find(|p| p.is_object()).unwrap();
    assert_eq!(
        secret["ref"],
        "services.borgmatic.configurations.offsite.encryption_passphrase"
    );
    assert_eq!(secret["secret"], true);
    assert!(offsite["unresolved"][0]["secret"] == true, "{offsite:#}");
    assert!(
        offsite["warnings"].as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("encryption_passphrase is a secret")),
        "{offsite:#}"
    );
    // With a passphrase put in its place, real borgmatic accepts the file.
    let filled: String = parts
        .iter()
        .map(|p| p.as_str().unwrap_or("a-passphrase-supplied-later"))
        .collect();
    let out = validate(dir.path(), "offsite.yaml", &filled);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn disabled_nixos_borgmatic_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let body = NIXOS.replace("enable = true;", "enable = false;");
    let (_, _, m) = manifest(dir.path(), &body);
    assert!(borgmatic_jobs(&m).is_empty(), "{m:#}");
}

#[test]
fn an_unknown_value_blocks_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"services.borgmatic = {
    enable = true;
    configurations.host = {
      source_directories = [ "/home" ];
      repositories = [ { label = "r"; path = "/backup/${config.networking.hostName}"; } ];
    };
  };"#;
    let (_, _, m) = manifest_with(dir.path(), body, 1);
    let jobs = borgmatic_jobs(&m);
    assert_eq!(jobs.len(), 1, "{m:#}");
    let blocked = jobs[0]["blocked"].as_array().unwrap();
    assert!(
        blocked.iter().any(|b| b
            .as_str()
            .unwrap()
            .starts_with("services.borgmatic.configurations.host.repositories[0].path")),
        "{blocked:?}"
    );
    assert!(jobs[0]["rendered"].is_null());
    assert!(jobs[0]["options"]["yaml"].is_null());
}

const HOME_MANAGER: &str = r#"home-manager.users.alice = {
    programs.borgmatic = {
      enable = true;
      backups.main = {
        location = {
          sourceDirectories = [ "/home/alice/docs" ];
          repositories = [ "/mnt/disk1" { path = "/mnt/disk3"; label = "disk3"; } ];
          extraConfig = { one_file_system = true; exclude_patterns = [ "*.swp" ]; };
        };
        storage.encryptionPasscommand = "fetch-the-password.sh";
        retention = { keepWithin = "14d"; keepSecondly = 12; };
        consistency.checks = [ { name = "repository"; frequency = "2 weeks"; } ];
      };
    };
    services.borgmatic = { enable = true; frequency = "weekly"; };
  };"#;

#[test]
fn home_manager_backups_become_entries_with_the_user_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, m) = manifest(dir.path(), HOME_MANAGER);
    let jobs = borgmatic_jobs(&m);
    assert_eq!(jobs.len(), 1, "{m:#}");
    let job = jobs[0];
    assert_eq!(job["name"], "main");
    assert_eq!(
        job["options"]["label"],
        "home-manager.users.alice.programs.borgmatic.backups.main"
    );
    assert_eq!(job["options"]["path"], "~/.config/borgmatic.d/main.yaml");
    let yaml = job["options"]["yaml"].as_str().expect("known text");
    // Exactly what builtins.toJSON writes: compact, keys sorted, no final newline.
    assert_eq!(
        yaml,
        r#"{"checks":[{"frequency":"2 weeks","name":"repository"}],"encryption_passcommand":"fetch-the-password.sh","exclude_patterns":["*.swp"],"keep_secondly":12,"keep_within":"14d","one_file_system":true,"repositories":[{"path":"/mnt/disk1"},{"label":"disk3","path":"/mnt/disk3"}],"source_directories":["/home/alice/docs"]}"#
    );
    let out = validate(dir.path(), "main.yaml", yaml);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let r = &job["rendered"];
    assert_eq!(r["unit"], "borgmatic");
    assert_eq!(
        r["steps"][0]["command"],
        "borgmatic --stats --verbosity -1 --list --syslog-verbosity 1"
    );
    assert_eq!(r["service"]["User"], "alice");
    assert_eq!(r["service"]["Description"], "borgmatic backup");
    assert!(r["service"].get("CPUSchedulingPolicy").is_none());
    assert_eq!(
        r["service"]["Settings"]["Service.ExecStartPre"],
        serde_json::json!(["sleep 3m"])
    );
    assert_eq!(r["timer"]["Description"], "Run borgmatic backup");
    assert_eq!(r["timer"]["OnCalendar"], serde_json::json!(["weekly"]));
    assert_eq!(r["timer"]["Persistent"], true);
    assert_eq!(
        r["timer"]["Settings"]["RandomizedDelaySec"],
        serde_json::json!(["10m"])
    );
}

#[test]
fn home_manager_without_the_service_has_no_unit_and_defaults_to_hourly_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let without = HOME_MANAGER.replace(
        r#"services.borgmatic = { enable = true; frequency = "weekly"; };"#,
        "",
    );
    let (_, _, m) = manifest(dir.path(), &without);
    let job = borgmatic_jobs(&m)[0];
    assert!(job["rendered"].is_null(), "{job:#}");
    assert!(job["blocked"].as_array().unwrap().is_empty());
    assert!(job["options"]["yaml"].is_string());
    let hourly = HOME_MANAGER.replace(r#" frequency = "weekly";"#, "");
    let (_, _, m) = manifest(dir.path(), &hourly);
    let job = borgmatic_jobs(&m)[0];
    assert_eq!(
        job["rendered"]["timer"]["OnCalendar"],
        serde_json::json!(["hourly"])
    );
}

#[test]
fn borgmatic_manifests_follow_the_manifest_schema_and_secrets_keep_them_from_running() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{NIXOS}\n{HOME_MANAGER}");
    let (file, _, m) = manifest(dir.path(), &body);
    assert_eq!(borgmatic_jobs(&m).len(), 3);
    let schema = backix(&["emit", "--format", "manifest-schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("schema");
    let validator = jsonschema::options().build(&schema).expect("compiles");
    let errors: Vec<String> = validator.iter_errors(&m).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = backix(&["run", file.to_str().unwrap(), "--job", "offsite"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let err = text(&run.stderr);
    assert!(
        err.contains("holds values backix keeps out of manifests")
            && err.contains("borgmatic --config /etc/borgmatic.d/offsite.yaml"),
        "{err}"
    );
    assert!(!err.contains(PASSPHRASE));
}

#[test]
fn systemd_units_are_not_written_for_borgmatic_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _, _) = manifest(dir.path(), NIXOS);
    let out_dir = dir.path().join("units");
    let out = backix(&[
        "emit",
        "--format",
        "systemd",
        "--out",
        out_dir.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("backix writes no unit for it"), "{err}");
    assert!(!out_dir.join("borgmatic.service").exists());
    assert!(!err.contains("both give unit"), "{err}");
}
