//! The generated JSON Schemas: good and bad documents for every model, the option names against
//! the module system's declaration tables, and the string patterns against Nix's
//! `builtins.match`.

use std::collections::BTreeSet;
use std::process::Command;

use backix_parser::module::declarations as decl;
use backix_schema::model::{ModelId, json_schema, matching};
use backix_schema::validate::names::option_names;
use serde_json::{Value, json};

fn valid(id: ModelId, doc: &Value) -> bool {
    let schema = json_schema(id);
    let validator = jsonschema::options()
        .build(&schema)
        .expect("schema compiles");
    validator.is_valid(doc)
}

#[test]
fn good_and_bad_documents_for_every_schema() {
    let cases: Vec<(ModelId, Value, bool)> = vec![
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "paths": "/home"}),
            true,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "paths": ["/a"], "startAt": [], "extraArgs": "--x", "prune": {"keep": {"daily": 7, "within": "1d"}}}),
            true,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"encryption": {"mode": "none"}}),
            false,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "aes"}}),
            false,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "compression": "zstd,100"}),
            false,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "prune": {"keep": {"daily": "7x"}}}),
            false,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "typo": 1}),
            false,
        ),
        (
            ModelId::BorgbackupJob,
            json!({"repo": "/b", "encryption": {"mode": "none"}, "archiveBaseName": "a/b"}),
            false,
        ),
        (
            ModelId::BorgbackupRepo,
            json!({"authorizedKeys": ["k"], "quota": "100G", "path": "/srv"}),
            true,
        ),
        (ModelId::BorgbackupRepo, json!({"quota": "100 GB"}), false),
        (ModelId::BorgbackupRepo, json!({"path": "srv"}), false),
        (
            ModelId::ResticBackup,
            json!({"repository": "/r", "passwordFile": "/p", "timerConfig": null, "progressFps": 0.5, "rcloneConfig": {"type": "local", "x": true}}),
            true,
        ),
        (
            ModelId::ResticBackup,
            json!({"timerConfig": {"OnCalendar": ["daily", "weekly"], "Persistent": true}}),
            true,
        ),
        (ModelId::ResticBackup, json!({"progressFps": -1}), false),
        (ModelId::ResticBackup, json!({"runCheck": null}), false),
        (
            ModelId::ResticBackup,
            json!({"rcloneOptions": {"x": 1}}),
            false,
        ),
        (
            ModelId::NixosBorgmatic,
            json!({"enable": true, "settings": {"source_directories": ["/h"], "repositories": [{"path": "/r", "label": "r"}], "keep_daily": 7}}),
            true,
        ),
        (
            ModelId::NixosBorgmatic,
            json!({"configurations": {"a": {"repositories": [{"path": "/r"}]}}}),
            false,
        ),
        (
            ModelId::NixosBorgmatic,
            json!({"settings": {"repositories": [{"path": "/r", "label": "r", "append_only": true}]}}),
            false,
        ),
        (
            ModelId::HomeProgramsBorgmatic,
            json!({"enable": true, "backups": {"m": {"location": {"repositories": ["/r", {"path": "/s", "label": "s"}], "patterns": ["R /h"]}, "retention": {"keepWithin": "14d"}, "consistency": {"checks": [{"name": "data", "frequency": "always"}]}}}}),
            true,
        ),
        (
            ModelId::HomeProgramsBorgmatic,
            json!({"backups": {"m": {"location": {}}}}),
            false,
        ),
        (
            ModelId::HomeProgramsBorgmatic,
            json!({"backups": {"m": {"location": {"repositories": []}, "consistency": {"checks": [{"name": "all"}]}}}}),
            false,
        ),
        (
            ModelId::HomeServicesBorgmatic,
            json!({"enable": true, "frequency": "weekly"}),
            true,
        ),
        (
            ModelId::HomeServicesBorgmatic,
            json!({"frequency": 1}),
            false,
        ),
        (
            ModelId::BorgmaticYaml,
            json!({"repositories": [{"path": "/r", "label": "local"}], "keep_daily": 7}),
            true,
        ),
        (
            ModelId::BorgmaticYaml,
            json!({"repositories": [{"path": "/r"}], "keep_daily": "seven"}),
            false,
        ),
        (
            ModelId::BorgmaticYaml,
            json!({"repositories": ["/r"]}),
            false,
        ),
    ];
    for (id, doc, expected) in &cases {
        assert_eq!(valid(*id, doc), *expected, "{} {doc}", id.name());
    }
    // Every model has at least one good and one bad document.
    for m in ModelId::ALL {
        assert!(
            cases.iter().any(|(id, _, ok)| *id == m.id && *ok),
            "{}",
            m.name
        );
        assert!(
            cases.iter().any(|(id, _, ok)| *id == m.id && !*ok),
            "{}",
            m.name
        );
    }
}

fn model_options(schema: &Value) -> BTreeSet<String> {
    option_names(schema)
        .into_iter()
        .filter(|o| o.is_option)
        .map(|o| o.path)
        .collect()
}

fn table(rows: &[(&str, &str)], prefix: &str) -> BTreeSet<String> {
    rows.iter()
        .filter_map(|(p, _)| p.strip_prefix(prefix))
        .map(str::to_string)
        .collect()
}

#[test]
fn option_names_match_the_declaration_tables() {
    let job = json_schema(ModelId::BorgbackupJob);
    assert_eq!(model_options(&job), table(decl::BORGBACKUP_JOB, ""));
    let repo = json_schema(ModelId::BorgbackupRepo);
    assert_eq!(model_options(&repo), table(decl::BORGBACKUP_REPO, ""));
    let restic = json_schema(ModelId::ResticBackup);
    assert_eq!(model_options(&restic), table(decl::RESTIC_BACKUP, ""));
    let nixos = json_schema(ModelId::NixosBorgmatic);
    assert_eq!(
        model_options(&nixos),
        table(decl::NIXOS_ROOT, "services.borgmatic.")
    );
    let config = &nixos["properties"]["configurations"]["additionalProperties"];
    assert_eq!(
        model_options(config),
        table(decl::BORGMATIC_NIXOS_CONFIG, "")
    );
    let programs = json_schema(ModelId::HomeProgramsBorgmatic);
    assert_eq!(
        model_options(&programs),
        table(decl::HOME_ROOT, "programs.borgmatic.")
    );
    let backup = &programs["properties"]["backups"]["additionalProperties"];
    assert_eq!(model_options(backup), table(decl::BORGMATIC_HM_BACKUP, ""));
    let services = json_schema(ModelId::HomeServicesBorgmatic);
    assert_eq!(
        model_options(&services),
        table(decl::HOME_ROOT, "services.borgmatic.")
    );
}

fn nix_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn patterns_agree_with_nix_builtins_match() {
    let samples = [
        "",
        "none",
        "lz4",
        "auto,lz4",
        "zstd,10",
        "zstd,100",
        "auto,zlib,9",
        "auto",
        "lzma,",
        "none,1",
        "a",
        "a/b",
        "{now}",
        "host-job",
        "7d",
        "12H",
        "1y",
        "d",
        "7",
        "07w",
        "7D",
        "100G",
        ".5G",
        "1.2.3",
        "5",
        "5X",
        "G",
        "2 weeks",
        "always",
        "2weeks",
        "2 a\nb",
        " always",
        "alwaysx",
        "é",
        "1 ",
        "x\n",
        "lz4\n",
    ];
    let mut pairs = Vec::new();
    for m in matching::ALL {
        let Some(nix) = m.nix else { continue };
        for s in samples {
            pairs.push((m, nix, s));
        }
    }
    let expr = format!(
        "map (p: builtins.match (builtins.elemAt p 0) (builtins.elemAt p 1) != null) [ {} ]",
        pairs
            .iter()
            .map(|(_, nix, s)| format!("[ {} {} ]", nix_string(nix), nix_string(s)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let output = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "-E", &expr])
        .output()
        .expect("nix-instantiate is needed for this test: run scripts/setup");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<bool> = serde_json::from_slice(&output.stdout).expect("a JSON list");
    assert_eq!(results.len(), pairs.len());
    for ((m, nix, s), nix_says) in pairs.iter().zip(results) {
        let schema = json!({"type": "string", "pattern": m.json});
        let ours = jsonschema::is_valid(&schema, &json!(s));
        assert_eq!(
            ours, nix_says,
            "pattern {nix} on {s:?}: schema {ours}, nix {nix_says}"
        );
    }
}
