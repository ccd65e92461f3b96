//! `nix_eval`: bytes as a Nix file, evaluated strictly and then analysed as a module.

use backix_parser::eval::Evaluator;
use backix_parser::eval::value::Thunk;
use backix_parser::module::loader::system_from_modules;
use backix_parser::module::{SystemClass, extract};

use crate::support::{fuzz_path, lint, on_big_stack, small_limits, text};

/// Parses, lowers, scope-checks and strictly evaluates the input (as `backix eval --value`),
/// then reads it as a module (as `backix lint --stdin`): module system, extraction, the schema
/// validation and every lint.
pub fn nix_eval(data: &[u8]) {
    let Some(text) = text(data) else { return };
    on_big_stack(|| {
        strict(text);
        module(text);
    });
}

/// `backix eval --value`: the whole value, as JSON.
fn strict(text: &str) {
    let mut ev = Evaluator::new(small_limits());
    let _ = ev.eval_strict_json("fuzz.nix", Some(fuzz_path("fuzz.nix")), text);
}

/// `backix lint --stdin`: the input as the one module of a system.
fn module(text: &str) {
    let mut ev = Evaluator::new(small_limits());
    let path = fuzz_path("module.nix");
    let system = system_from_modules(&mut ev, "fuzz".into(), SystemClass::Any, |c, ev| {
        let (expr, errors) = ev.parse_source("module.nix", Some(path.clone()), text);
        let failed = !errors.is_empty();
        ev.diagnostics.extend(errors);
        if !failed {
            let span = expr.span;
            c.collect(ev, Thunk::expr(expr, ev.global_env()), Some(span));
        }
    });
    let extraction = extract(&mut ev, &[system]);
    lint(&ev.sources, &extraction, &[], ev.diagnostics.clone());
}
