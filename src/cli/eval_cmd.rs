//! `backix eval`.

use std::path::PathBuf;

use backix_parser::eval::{EvalOptions, Evaluator, StrictFailure};
use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Arguments of `backix eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Nix files or directories to read.
    paths: Vec<PathBuf>,
    /// Print the value of this expression as JSON, as `nix-instantiate --eval --strict --json -E` does.
    #[arg(long, conflicts_with_all = ["paths", "value"])]
    expr: Option<String>,
    /// Print the value of this file as JSON, as `nix-instantiate --eval --strict --json FILE` does.
    #[arg(long, conflicts_with = "paths")]
    value: Option<PathBuf>,
    /// Evaluation steps before giving up.
    #[arg(long, default_value_t = EvalOptions::default().max_steps)]
    max_steps: u64,
}

/// Runs `backix eval`.
pub fn run(args: EvalArgs) -> u8 {
    let options = EvalOptions { max_steps: args.max_steps, ..EvalOptions::default() };
    if let Some(expr) = &args.expr {
        return strict(options, "«expr»", None, expr.clone());
    }
    if let Some(path) = &args.value {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!("error: {}: not valid UTF-8 text", path.display());
                    return EXIT_USAGE;
                }
            },
            Err(e) => {
                eprintln!("error: {}: {}", path.display(), e);
                return EXIT_USAGE;
            }
        };
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        return strict(options, &path.display().to_string(), Some(abs), text);
    }
    eprintln!("error: give Nix files to read, --expr EXPR or --value FILE");
    EXIT_USAGE
}

fn strict(options: EvalOptions, name: &str, path: Option<PathBuf>, text: String) -> u8 {
    let name = name.to_string();
    // The evaluator grows its own stack; a large initial stack keeps deep but legal input fast.
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(move || {
        let mut ev = Evaluator::new(options);
        let result = ev.eval_strict_json(&name, path, &text);
        for t in &ev.traces {
            eprintln!("trace: {t}");
        }
        match result {
            Ok(json) => {
                println!("{json}");
                EXIT_OK
            }
            Err(StrictFailure::Syntax(errors)) => {
                for e in errors {
                    let at = e.span.map(|s| ev.sources.describe(s)).unwrap_or_default();
                    eprintln!("error: {}\n  at {}", e.message, at);
                }
                EXIT_FINDINGS
            }
            Err(StrictFailure::Error(e)) => {
                let at = e.span.filter(|s| s.file.0 != u32::MAX).map(|s| ev.sources.describe(s)).unwrap_or_default();
                eprintln!("error: {}\n  at {}", e.message, at);
                EXIT_FINDINGS
            }
            Err(StrictFailure::NotKnown(m)) => {
                eprintln!("error: not statically known: {m}");
                EXIT_FINDINGS
            }
        }
    });
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: internal error while evaluating");
            EXIT_USAGE
        }
    }
}
