//! `backix eval`.

use std::io::Write;
use std::path::PathBuf;

use backix_emit::diagnostics::{Color, emit_to_stderr};
use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::eval::{EvalOptions, Evaluator, StrictFailure};
use backix_parser::module::analyze;
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
    /// Read a configuration Nix evaluated: the JSON of nix/bridge.nix (docs/bridge-json.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "expr", "value", "flake"])]
    eval_json: Option<PathBuf>,
    /// Evaluate a flake's nixosConfigurations/homeConfigurations with `nix eval` (all of them,
    /// or the one named after `#`).
    #[arg(long, value_name = "REF[#ATTR]", conflicts_with_all = ["paths", "expr", "value"])]
    flake: Option<String>,
    /// Print the extracted option trees as JSON (format documented in docs/eval-json.md).
    #[arg(long)]
    json: bool,
    /// Evaluation steps before giving up.
    #[arg(long, default_value_t = EvalOptions::default().max_steps)]
    max_steps: u64,
    /// Largest file read, in bytes (docs/limits.md).
    #[arg(long, value_name = "BYTES", default_value_t = EvalOptions::default().max_file_size)]
    max_file_size: u64,
    /// Also show notes (what could not be read statically).
    #[arg(long, short)]
    verbose: bool,
}

/// Runs `backix eval`.
pub fn run(args: EvalArgs) -> u8 {
    let options = EvalOptions {
        max_steps: args.max_steps,
        max_file_size: args.max_file_size,
        ..EvalOptions::default()
    };
    if let Some(expr) = &args.expr {
        return strict(options, "«expr»", None, expr.clone());
    }
    if let Some(path) = &args.value {
        let text = match backix_parser::input::read_text(path, args.max_file_size) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        };
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        return strict(options, &path.display().to_string(), Some(abs), text);
    }
    if let Some(path) = &args.eval_json {
        return print_evaluated(super::nix_input::load_eval_json(path), args.json);
    }
    if let Some(reference) = &args.flake {
        return print_evaluated(super::nix_input::eval_flake(reference), args.json);
    }
    if args.paths.is_empty() {
        eprintln!("error: give Nix files or directories to read, --expr EXPR or --value FILE");
        return EXIT_USAGE;
    }
    let (json, verbose, paths) = (args.json, args.verbose, args.paths.clone());
    on_big_stack(move || extract_paths(options, &paths, json, verbose))
}

fn extract_paths(options: EvalOptions, paths: &[PathBuf], json: bool, verbose: bool) -> u8 {
    let analysis = match analyze(paths, options) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let ev = &analysis.evaluator;
    let shown: Vec<Diagnostic> = ev
        .diagnostics
        .iter()
        .filter(|d| verbose || d.severity > Severity::Note)
        .cloned()
        .collect();
    // A value that failed to evaluate (a `throw`, the step budget) is shown in place and makes
    // the exit status 1, as with --flake.
    let has_errors = ev.diagnostics.iter().any(|d| d.severity == Severity::Error)
        || !super::value_errors::findings(&analysis.extraction).is_empty();
    if json {
        let diagnostics: Vec<serde_json::Value> = ev
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": d.severity,
                    "code": d.code,
                    "message": d.message,
                    "location": d.span.filter(|s| s.file.0 != u32::MAX).map(|s| ev.sources.location(s)),
                })
            })
            .collect();
        // Written as it is serialised: no intermediate JSON tree of a possibly large extraction.
        #[derive(serde::Serialize)]
        struct Output<'a> {
            #[serde(flatten)]
            extraction: &'a backix_parser::module::Extraction,
            diagnostics: Vec<serde_json::Value>,
        }
        let output = Output {
            extraction: &analysis.extraction,
            diagnostics,
        };
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = serde_json::to_writer_pretty(&mut out, &output)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            eprintln!("error: writing the output: {e}");
            return EXIT_USAGE;
        }
    } else {
        emit_to_stderr(&ev.sources, &shown, Color::Auto);
        print!("{}", backix_emit::option_tree::render(&analysis.extraction));
    }
    if has_errors { EXIT_FINDINGS } else { EXIT_OK }
}

/// Prints a configuration Nix evaluated (`--eval-json`, `--flake`) as `backix eval` prints one
/// it analysed.
/// Values Nix failed to evaluate are listed on standard error and make the exit status 1.
fn print_evaluated(
    extraction: Result<backix_parser::module::Extraction, String>,
    json: bool,
) -> u8 {
    let extraction = match extraction {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    if json {
        let mut out = serde_json::to_value(&extraction).unwrap_or_default();
        out["diagnostics"] = serde_json::Value::Array(Vec::new());
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print!("{}", backix_emit::option_tree::render(&extraction));
    }
    let failures = super::nix_input::evaluation_failures(&extraction);
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

/// Runs `f` on a thread with a large stack, turning a panic into an internal error.
fn on_big_stack(f: impl FnOnce() -> u8 + Send + 'static) -> u8 {
    match std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .map(|h| h.join())
    {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: internal error (a bug in backix; please report it)");
            EXIT_USAGE
        }
    }
}

fn strict(options: EvalOptions, name: &str, path: Option<PathBuf>, text: String) -> u8 {
    let name = name.to_string();
    // The evaluator grows its own stack; a large initial stack keeps deep but legal input fast.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
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
                    let at = e
                        .span
                        .filter(|s| s.file.0 != u32::MAX)
                        .map(|s| ev.sources.describe(s))
                        .unwrap_or_default();
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
