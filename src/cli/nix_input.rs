//! Configurations evaluated by Nix itself: a bridge document (`--eval-json FILE`) or a flake
//! evaluated with `nix eval` through the bridge (`--flake REF[#ATTR]`). Both give the same
//! [`Extraction`] as the static analysis, for every subcommand that reads configurations.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use backix_parser::bridge::{self, BRIDGE_NIX};
use backix_parser::module::extract::{Extraction, LocatedValue, OptionNode};
use backix_parser::source::Span;

/// Seconds `nix eval` may run before backix stops it (overridden by `BACKIX_NIX_TIMEOUT`).
pub const DEFAULT_TIMEOUT_SECS: u64 = 600;

/// Reads a bridge document written by `nix eval --json` with `nix/bridge.nix`.
pub fn load_eval_json(path: &Path) -> Result<Extraction, String> {
    let text = backix_parser::input::read_text(path, backix_parser::input::DEFAULT_MAX_FILE_SIZE)?;
    bridge::read(&text, &|f| f.to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Evaluates a flake's `nixosConfigurations`/`homeConfigurations` (all of them, or the one
/// named after `#`) with `nix eval` through the bridge.
pub fn eval_flake(reference: &str) -> Result<Extraction, String> {
    let (flake, attr) = match reference.split_once('#') {
        Some((f, a)) if !a.is_empty() => (f, Some(a)),
        Some((f, _)) => (f, None),
        None => (reference, None),
    };
    let (flake_ref, local_dir) = resolve(flake);
    let expr = format!(
        "let bridge = ({BRIDGE_NIX});\n flake = builtins.getFlake {};\n in bridge.flake flake.outputs {} // {{ source = toString flake.outPath; }}",
        nix_string(&flake_ref),
        attr.map(nix_string).unwrap_or_else(|| "null".into()),
    );
    let stdout = run_nix(&[
        "eval",
        "--extra-experimental-features",
        "nix-command flakes",
        "--impure",
        "--json",
        "--expr",
        &expr,
    ])?;
    let doc: serde_json::Value = serde_json::from_str(&stdout)
        .map_err(|e| format!("nix eval printed something that is not JSON: {e}"))?;
    let available: Vec<&str> = doc["available"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    let found = doc["systems"].as_array().map_or(0, Vec::len);
    if found == 0 {
        let has = if available.is_empty() {
            "it has no nixosConfigurations or homeConfigurations".to_string()
        } else {
            format!("it has: {}", available.join(", "))
        };
        return Err(match attr {
            Some(a) => format!(
                "flake {flake} has no configuration {a} (looked for {a}, nixosConfigurations.{a} and homeConfigurations.{a}); {has}"
            ),
            None => format!("flake {flake}: {has}"),
        });
    }
    let source = doc["source"].as_str().unwrap_or_default().to_string();
    let map_file = |file: &str| match (&local_dir, file.strip_prefix(&source)) {
        (Some(dir), Some(rest)) if !source.is_empty() && rest.starts_with('/') => {
            format!("{}{rest}", dir.display())
        }
        _ => file.to_string(),
    };
    bridge::read(&stdout, &map_file).map_err(|e| format!("reading the bridge output: {e}"))
}

/// A value Nix failed to evaluate (a `tryEval` failure), or an option whose definitions
/// conflict.
pub struct Failure {
    /// The system (flake output) it belongs to.
    pub system: String,
    /// The option path, with `[i]` for list elements.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// Where it is written: the value's own place, else the option's first definition.
    pub span: Option<Span>,
    /// Whether it is a conflict between definitions rather than an evaluation failure.
    pub conflict: bool,
}

/// Every failure of the extraction, in system, root and option order.
pub fn failures(extraction: &Extraction) -> Vec<Failure> {
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            let mut path = match &root.user {
                Some(user) => format!("home-manager.users.{user}.{}", root.option),
                None => root.option.clone(),
            };
            node_failures(&root.value, &mut path, &system.name, &mut out);
        }
    }
    out
}

/// The values Nix failed to evaluate and the conflicts, as `system: option.path: message`.
pub fn evaluation_failures(extraction: &Extraction) -> Vec<String> {
    failures(extraction)
        .into_iter()
        .map(|f| format!("{}: {}: {}", f.system, f.path, f.message))
        .collect()
}

fn node_failures(node: &OptionNode, path: &mut String, system: &str, out: &mut Vec<Failure>) {
    let mut push = |message: &str, span: Option<Span>, conflict: bool, path: &str| {
        out.push(Failure {
            system: system.to_string(),
            path: path.to_string(),
            message: message.to_string(),
            span,
            conflict,
        })
    };
    match node {
        OptionNode::Set { attrs, .. } => {
            for (name, child) in attrs {
                let len = path.len();
                path.push('.');
                path.push_str(name);
                node_failures(child, path, system, out);
                path.truncate(len);
            }
        }
        OptionNode::Value {
            value, definitions, ..
        } => {
            let fallback = definitions.iter().find_map(|l| l.span);
            value_failures(value, path, system, fallback, out)
        }
        OptionNode::Error { message, location } => {
            push(message, location.as_ref().and_then(|l| l.span), false, path)
        }
        OptionNode::Conflict {
            message,
            definitions,
            ..
        } => push(message, definitions.iter().find_map(|l| l.span), true, path),
    }
}

fn value_failures(
    value: &LocatedValue,
    path: &mut String,
    system: &str,
    fallback: Option<Span>,
    out: &mut Vec<Failure>,
) {
    match value {
        LocatedValue::Error { message, location } => out.push(Failure {
            system: system.to_string(),
            path: path.clone(),
            message: message.clone(),
            span: location.as_ref().and_then(|l| l.span).or(fallback),
            conflict: false,
        }),
        LocatedValue::List { items, .. } => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                value_failures(item, path, system, fallback, out);
                path.truncate(len);
            }
        }
        LocatedValue::Set { attrs, .. } => {
            for (name, item) in attrs {
                let len = path.len();
                path.push('.');
                path.push_str(name);
                value_failures(item, path, system, fallback, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// The flake reference to hand to `builtins.getFlake` (local paths made absolute), and the
/// local directory it names, if any.
fn resolve(flake: &str) -> (String, Option<PathBuf>) {
    let (scheme, rest) = match flake.strip_prefix("path:") {
        Some(rest) => ("path:", rest),
        None => ("", flake),
    };
    let local = scheme == "path:" || !rest.contains(':');
    if !local {
        return (flake.to_string(), None);
    }
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (rest, String::new()),
    };
    let path = if path.is_empty() { "." } else { path };
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    (format!("{scheme}{}{query}", abs.display()), Some(abs))
}

/// A Nix string literal.
fn nix_string(s: &str) -> String {
    backix_schema::view::nix_string_literal(s)
}

fn timeout() -> Duration {
    let secs = std::env::var("BACKIX_NIX_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_TIMEOUT_SECS);
    Duration::from_secs(secs)
}

/// Runs `nix` with a timeout; its standard output on success, its standard error in the error.
fn run_nix(args: &[&str]) -> Result<String, String> {
    let mut child = Command::new("nix")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "`nix` was not found on PATH: --flake needs Nix (2.8 or later) installed; \
                 or write the bridge JSON yourself and pass it with --eval-json (docs/bridge-json.md)"
                    .to_string()
            } else {
                format!("cannot run nix: {e}")
            }
        })?;
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_string(&mut s);
        }
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let limit = timeout();
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "nix eval did not finish within {} s and was stopped (set BACKIX_NIX_TIMEOUT to wait longer)",
                    limit.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for nix: {e}")),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "the flake does not evaluate; nix said:\n{}",
            stderr.trim_end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nix_strings_are_escaped() {
        assert_eq!(nix_string(r#"a"b\c${d}"#), r#""a\"b\\c\${d}""#);
    }

    #[test]
    fn remote_references_are_kept() {
        assert_eq!(resolve("github:o/r").0, "github:o/r");
        assert!(resolve("github:o/r").1.is_none());
        let (r, dir) = resolve("path:/tmp?x=1");
        assert!(r.starts_with("path:/") && r.ends_with("?x=1"), "{r}");
        assert!(dir.is_some());
    }
}
