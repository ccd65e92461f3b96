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
