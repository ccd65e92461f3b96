//! Plain scalars resolve as borgmatic's own loader (ruamel.yaml, safe) resolves them, under the
//! default YAML 1.2 rules and after a `%YAML 1.1` directive: generated and hand-written scalars,
//! each document loaded by both, compared value by value.

use std::path::Path;
use std::process::Command;

use backix_parser::source::FileId;
use backix_parser::yaml::{self, Limits, Value};

/// The Python of the development setup, which has ruamel.yaml (borgmatic's loader).
fn python() -> std::path::PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/python");
    assert!(
        path.exists(),
        "the borgmatic virtualenv is missing at {}: run scripts/setup",
        path.display()
    );
    path
}

/// Scalars to compare: every string of one to three characters over an alphabet that covers
/// signs, bases, separators and exponents, plus words and numbers written by hand.
fn scalars() -> Vec<String> {
    let alphabet = ['0', '1', '7', '9', '_', ':', '.', '-', 'x', 'e', 'o'];
    let mut out: Vec<String> = Vec::new();
    let mut layer = vec![String::new()];
    for _ in 0..3 {
        layer = layer
            .iter()
            .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
            .collect();
        out.extend(layer.iter().cloned());
    }
    for word in [
        "y",
        "Y",
        "n",
        "N",
        "yes",
        "Yes",
        "YES",
        "no",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "OFF",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "0077",
        "0o77",
        "0x1F",
        "0b101",
        "-0b11",
        "+0x_f",
        "1_000",
        "1:30",
        "1:30:15",
        "-2:05",
        "190:20:30.15",
        "1:60",
        "0:30",
        "6.8523015e+5",
        "685.230_15e+03",
        "685_230.15",
        ".5",
        "-.5",
        "+.5",
        ".inf",
        "-.Inf",
        ".NaN",
        "1e3",
        "1.e3",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "0800",
        "0_7",
        "012345670",
        "99999999999999999999",
        "0x",
        "+",
        "-",
        "3.",
        "0.",
    ] {
        out.push(word.to_string());
    }
    out.sort();
    out.dedup();
    out
}

/// A JSON form both sides can print: type and value.
fn ours(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("bool:{b}"),
        Value::Int(i) => format!("int:{i}"),
        Value::BigInt(s) => format!("int:{s}"),
        Value::Float(f) if f.is_nan() => "float:nan".into(),
        Value::Float(f) if f.is_infinite() => {
            format!("float:{}inf", if *f < 0.0 { "-" } else { "" })
        }
        Value::Float(f) => format!("float:{f:e}"),
        Value::String(s) => format!("str:{s}"),
        Value::Timestamp(s) => format!("date:{s}"),
        other => format!("other:{other:?}"),
    }
}

const LOADER: &str = r#"
import json, math, sys, datetime, warnings
warnings.simplefilter("ignore")
from ruamel.yaml import YAML
yaml = YAML(typ="safe")
out = []
for text in json.load(sys.stdin):
    try:
        value = yaml.load(text)["v"]
    except Exception as e:
        out.append("error")
        continue
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("bool:" + ("true" if value else "false"))
    elif isinstance(value, int):
        out.append("int:%d" % value)
    elif isinstance(value, float):
        if math.isnan(value):
            out.append("float:nan")
        elif math.isinf(value):
            out.append("float:" + ("-" if value < 0 else "") + "inf")
        else:
            out.append("float:%r" % value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        out.append("date")
    elif isinstance(value, str):
        out.append("str:" + value)
    else:
        out.append("other:" + repr(value))
print(json.dumps(out))
"#;

/// Floats compared as numbers: Python prints `1000.0`, backix `1e3`.
fn same(theirs: &str, ours: &str) -> bool {
    if theirs == ours {
        return true;
    }
    if theirs == "date" {
        return ours.starts_with("date:");
    }
    match (theirs.strip_prefix("float:"), ours.strip_prefix("float:")) {
        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y || ((x - y) / x).abs() < 1e-12,
            _ => false,
        },
        _ => false,
    }
}

fn compare(directive: &str) {
    let cases = scalars();
    let documents: Vec<String> = cases
        .iter()
        .map(|s| format!("{directive}v: {s}\n"))
        .collect();
    let output = Command::new(python())
        .args(["-c", LOADER])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(serde_json::to_string(&documents).unwrap().as_bytes())?;
            child.wait_with_output()
        })
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: Vec<String> = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut differences = Vec::new();
    let mut compared = 0;
    for ((case, document), theirs) in cases.iter().zip(&documents).zip(&theirs) {
        let parsed = yaml::parse(FileId(0), document, Limits::default());
        let ours = match &parsed {
            Ok(Some(node)) => node.get("v").map(|e| ours(&e.value.value)),
            _ => None,
        };
        match (theirs.as_str(), ours) {
            ("error", None) => {}
            ("error", Some(_)) | (_, None) => {
                // Documents one side cannot read are YAML syntax questions, not resolution.
            }
            (theirs, Some(ours)) => {
                compared += 1;
                if !same(theirs, &ours) {
                    differences.push(format!("{case:?}: ruamel {theirs}, backix {ours}"));
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} scalars compared");
    assert!(
        differences.is_empty(),
        "{} of {compared} scalars differ ({directive:?}):\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn plain_scalars_resolve_as_borgmatic_reads_them_under_yaml_1_2() {
    compare("");
}

#[test]
fn plain_scalars_resolve_as_borgmatic_reads_them_after_a_yaml_1_1_directive() {
    compare("%YAML 1.1\n---\n");
}
