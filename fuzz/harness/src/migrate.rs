//! `migrate`: bytes as a borgmatic file, migrated to Nix and back.

use backix_emit::migrate::to_borgmatic;
use backix_emit::migrate::to_jobs::{self, Options};
use backix_parser::diagnostic::Severity;
use backix_parser::eval::Evaluator;
use backix_parser::eval::value::Thunk;
use backix_parser::module::loader::system_from_modules;
use backix_parser::module::{SystemClass, extract};
use backix_parser::source::SourceMap;
use backix_schema::borgmatic;

use crate::support::{fuzz_path, on_big_stack, small_limits, text};

/// Runs `backix migrate FILE.yaml` on the input. When borgmatic would accept it, the module
/// written must parse with rnix without errors and evaluate with backix's evaluator without
/// errors; its jobs, translated back with `backix migrate --to borgmatic`, must give YAML that
/// backix's borgmatic reader reads.
pub fn migrate(data: &[u8]) {
    let Some(text) = text(data) else { return };
    on_big_stack(|| {
        let mut sources = SourceMap::new();
        let Ok(file) = borgmatic::load(&mut sources, "fuzz.yaml", text) else {
            return;
        };
        if file.rejected() {
            return;
        }
        let Some(config) = &file.analysis.normalized else {
            return;
        };
        let migration = to_jobs::from_config(config, "fuzz", &sources, &Options::default());
        if migration.jobs.is_empty() {
            return;
        }
        let nix = to_jobs::nixos_module(&migration.jobs, &["fuzz.yaml".to_string()]);
        let parsed = rnix::Root::parse(&nix);
        assert!(
            parsed.errors().is_empty(),
            "the migrated module does not parse: {:?}\n{nix}",
            parsed.errors()
        );
        back_to_borgmatic(&nix);
    });
}

/// Evaluates the module as `backix migrate --to borgmatic` reads it and reads every translated
/// job back as borgmatic YAML.
fn back_to_borgmatic(nix: &str) {
    let mut ev = Evaluator::new(small_limits());
    let path = fuzz_path("migrated.nix");
    let system = system_from_modules(&mut ev, "fuzz".into(), SystemClass::Any, |c, ev| {
        let (expr, errors) = ev.parse_source("migrated.nix", Some(path.clone()), nix);
        assert!(errors.is_empty(), "the migrated module: {errors:?}\n{nix}");
        let span = expr.span;
        c.collect(ev, Thunk::expr(expr, ev.global_env()), Some(span));
    });
    let extraction = extract(&mut ev, &[system]);
    let errors: Vec<_> = ev
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "the migrated module does not evaluate: {errors:?}\n{nix}"
    );
    for converted in to_borgmatic::from_extraction(&extraction)
        .into_iter()
        .flatten()
    {
        let yaml = converted.config.render();
        let mut sources = SourceMap::new();
        if let Err(d) = borgmatic::load(&mut sources, "back.yaml", &yaml) {
            panic!(
                "the borgmatic file of job {} does not read back: {}\n{yaml}",
                converted.name, d.message
            );
        }
    }
}
