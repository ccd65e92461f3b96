//! What every target shares: text from bytes, a thread with a large stack, the lint engine.

use backix_emit::diagnostics;
use backix_emit::report::{self, LintReport};
use backix_parser::diagnostic::Diagnostic;
use backix_parser::eval::EvalOptions;
use backix_parser::module::extract::{Extraction, FORMAT_VERSION};
use backix_parser::source::SourceMap;
use backix_schema::borgmatic::ConfigFile;
use backix_schema::config::Overrides;
use backix_schema::engine::{self, INTERNAL_ERROR, Settings};
use backix_schema::rule::Context;

/// The stack the command line gives its analysis threads.
const STACK: usize = 256 << 20;

/// The input as text, or `None` when it is not UTF-8 (the command line refuses such files).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Small evaluation limits, so that one input stays well under the fuzzer's time limit.
pub fn small_limits() -> EvalOptions {
    EvalOptions {
        max_steps: 200_000,
        max_depth: 2_000,
        max_size: 1 << 20,
        max_file_size: 1 << 20,
    }
}

/// A place for the fuzzed file whose directory does not exist: relative imports of the input
/// are missing files (unknown values), never files of the machine.
pub fn fuzz_path(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from("/nonexistent/backix-fuzz").join(name)
}

/// Runs `f` on a thread with the command line's large stack (the evaluator is `Rc`-based and
/// recursive) and passes a panic of `f` on to the caller.
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, f)
            .expect("cannot start a thread");
        match handle.join() {
            Ok(value) => value,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

/// An extraction without systems (for YAML-only runs).
pub fn no_systems() -> Extraction {
    Extraction {
        version: FORMAT_VERSION,
        systems: Vec::new(),
    }
}

/// Runs every registered check as `backix lint` does, with no configuration file, and panics
/// when a check panicked (the engine turns that into an `internal-error` finding).
pub fn lint(
    sources: &SourceMap,
    extraction: &Extraction,
    borgmatic: &[ConfigFile],
    analysis: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let cx = Context::new(extraction, borgmatic, sources);
    let command_line = Overrides::new();
    let settings = Settings {
        command_line: &command_line,
        config_for: &|_| None,
    };
    let outcome = engine::run(&cx, analysis, &settings);
    if let Some(d) = outcome.findings.iter().find(|d| d.code == INTERNAL_ERROR) {
        panic!("the lint engine reports a panic: {}", d.message);
    }
    // Render as `backix lint` does (human and JSON): every span is located and every label
    // drawn, so a span outside its file shows up here.
    let mut masked = SourceMap::new();
    for ((_, f), text) in sources
        .files()
        .zip(engine::secrets::masked_texts(sources, &outcome.secrets))
    {
        masked.add(f.name.clone(), f.path.clone(), text);
    }
    let _ = diagnostics::render_to_string(&masked, &outcome.findings);
    let report = LintReport {
        sources: &masked,
        findings: &outcome.findings,
        files_checked: engine::file_count(&masked),
        suppressed: outcome.suppressed,
    };
    let _ = report::json::render(&report);
    outcome.findings
}
