//! Option values backix's own evaluation failed on (a `throw`, a type error, a limit such as the
//! step budget), as `eval-error` findings for `backix lint`: without them a failed value would
//! only keep the checks silent.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::Extraction;

use super::nix_locate::EVAL_ERROR;

/// One finding per distinct failure message, at its first place; the other options that failed
/// the same way (once the step budget is spent, every later value fails with its message) are
/// counted in a note. Conflicts are left to validation, which reports them.
pub fn findings(extraction: &Extraction) -> Vec<Diagnostic> {
    // (message, finding, how many other options failed with the message)
    let mut out: Vec<(String, Diagnostic, usize)> = Vec::new();
    for f in super::nix_input::failures(extraction) {
        if f.conflict {
            continue;
        }
        if let Some((_, _, more)) = out.iter_mut().find(|(m, _, _)| *m == f.message) {
            *more += 1;
            continue;
        }
        let d = Diagnostic::error(EVAL_ERROR, format!("{}: {}", f.path, f.message), f.span);
        out.push((f.message, d, 0));
    }
    out.into_iter()
        .map(|(_, d, more)| match more {
            0 => d,
            1 => d.with_note("1 other option failed with the same message"),
            n => d.with_note(format!("{n} other options failed with the same message")),
        })
        .collect()
}
