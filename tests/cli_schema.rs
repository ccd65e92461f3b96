//! `backix schema`: prints JSON Schemas that compile and validate documents.

use std::process::Command;

use serde_json::{Value, json};

fn schema(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .arg("schema")
        .args(args)
        .output()
        .expect("run backix");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn one_schema_by_name_or_option_path_validates_documents() {
    for arg in ["borgbackup-job", "services.borgbackup.jobs"] {
        let (code, text) = schema(&[arg]);
        assert_eq!(code, 0);
        let schema: Value = serde_json::from_str(&text).expect("JSON output");
        let validator = jsonschema::options()
            .build(&schema)
            .expect("schema compiles");
        let good = json!({"repo": "/b", "encryption": {"mode": "repokey"}, "paths": "/home"});
        let bad = json!({"repo": "/b", "encryption": {"mode": "repokey"}, "compresion": "lz4"});
        assert!(validator.is_valid(&good));
        assert!(!validator.is_valid(&bad));
    }
}

#[test]
fn without_argument_every_schema_is_printed() {
    let (code, text) = schema(&[]);
    assert_eq!(code, 0);
    let all: Value = serde_json::from_str(&text).expect("JSON output");
    let all = all.as_object().expect("an object");
    for name in [
        "borgbackup-job",
        "borgbackup-repo",
        "restic-backup",
        "nixos-borgmatic",
        "home-programs-borgmatic",
        "home-services-borgmatic",
        "borgmatic",
    ] {
        let schema = all.get(name).unwrap_or_else(|| panic!("no {name}"));
        jsonschema::options()
            .build(schema)
            .expect("schema compiles");
    }
}

#[test]
fn an_unknown_name_is_a_usage_error() {
    let (code, _) = schema(&["nonsense"]);
    assert_eq!(code, 2);
}

#[test]
fn the_manifest_schema_is_printed_by_name_and_by_emit() {
    let (code, text) = schema(&["manifest"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&text).expect("JSON output");
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(["emit", "--format", "manifest-schema"])
        .output()
        .expect("run backix");
    assert!(out.status.success());
    let alias: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(
        schema, alias,
        "`schema manifest` and `emit --format manifest-schema`"
    );
    let validator = jsonschema::options()
        .build(&schema)
        .expect("schema compiles");
    let good = json!({"version": 1, "generator": "backix", "jobs": []});
    assert!(validator.is_valid(&good));
    // A manifest backix writes is valid.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("job.nix");
    std::fs::write(
        &file,
        r#"{ config, ... }: { services.borgbackup.jobs.home = {
             paths = [ "/home" ]; repo = "/srv/borg"; encryption.mode = "repokey";
             encryption.passphrase = "not shown"; prune.keep.daily = 7; }; }"#,
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .arg("emit")
        .arg(&file)
        .output()
        .expect("run backix");
    let manifest: Value = serde_json::from_slice(&out.stdout).expect("JSON manifest");
    assert_eq!(manifest["jobs"][0]["name"], "home");
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!validator.is_valid(&json!({"version": 1, "jobs": []})));
    assert!(
        !validator.is_valid(&json!({"version": 1, "generator": "backix", "jobs": [{"name": "x"}]}))
    );
}
