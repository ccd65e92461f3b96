//! Validation of SARIF output against the official SARIF 2.1.0 schema, read from
//! `../shared/reference/sarif/` when it is there.

/// Validates a SARIF log against the official schema; prints a message and returns when the
/// reference copy of the schema is absent.
pub fn validate(log: &serde_json::Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/sarif/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "{} is absent: SARIF output not validated against the schema",
            path.display()
        );
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}
