//! Job manifests: the resolved description of what each backup job runs, as the NixOS module
//! generates it (documented in `docs/manifest.md`).
//!
//! Building one reads the extraction, fills in the module's defaults ([`borg::options`]),
//! supplies references ([`resolve`]) and renders the script, steps and units
//! ([`borg::render`]). A manifest read back from JSON goes through the same last two steps, so
//! `backix run MANIFEST` and `backix run CONFIG` run the same script.

pub mod borg;
pub mod read;
pub mod resolve;
pub mod text;
pub mod types;

use backix_parser::module::extract::ModuleKind;
use backix_parser::module::extract::{Extraction, OptionNode};
use backix_schema::view;

pub use borg::options::Secrets;
pub use borg::render::Mode;
pub use resolve::Bindings;
pub use types::*;

/// The JSON Schema of the manifest format.
pub fn manifest_json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Manifest)).unwrap_or_default()
}

/// A job with the secrets read for it (never serialized).
pub struct BuiltJob {
    /// The job.
    pub job: Job,
    /// Literal secrets of the configuration, by reference name.
    pub secrets: Secrets,
}

/// Builds the jobs of every `services.borgbackup.jobs` root of an extraction.
pub fn build(extraction: &Extraction, bindings: &Bindings) -> Vec<BuiltJob> {
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            if root.module != ModuleKind::BorgbackupJobs {
                continue;
            }
            for (name, node) in view::entries(&root.value) {
                let mut reader = read::Reader::default();
                let mut secrets = Secrets::new();
                let options = borg::options::read(name, node, &mut reader, &mut secrets);
                let (all, some) = conditional(node);
                let mut warnings = reader.warnings;
                if some && !all {
                    warnings.push(format!(
                        "some options of job {name} depend on a condition backix cannot evaluate"
                    ));
                }
                let mut job = Job {
                    system: system.name.clone(),
                    name: name.to_string(),
                    spec: JobSpec::Borgbackup(Box::new(options)),
                    conditional: all && some,
                    unresolved: Vec::new(),
                    blocked: reader.blocked,
                    warnings,
                    rendered: None,
                };
                finish(&mut job, bindings, &Secrets::new(), Mode::Run);
                out.push(BuiltJob { job, secrets });
            }
        }
    }
    out
}

/// Whether all (first) and any (second) option values of a job are conditional.
fn conditional(node: &OptionNode) -> (bool, bool) {
    match node {
        OptionNode::Set { attrs, .. } => attrs
            .values()
            .map(conditional)
            .fold((true, false), |(all, any), (a, b)| (all && a, any || b)),
        OptionNode::Value { conditional, .. } => (*conditional, *conditional),
        _ => (true, false),
    }
}

/// Supplies references (secrets first, then `bindings`), lists what is left, and renders the
/// job in `mode`.
pub fn finish(job: &mut Job, bindings: &Bindings, secrets: &Secrets, mode: Mode) {
    let lookup = |name: &str| secrets.get(name).cloned().or_else(|| bindings.lookup(name));
    match &mut job.spec {
        JobSpec::Borgbackup(options) => {
            let Ok(mut value) = serde_json::to_value(&**options) else {
                return;
            };
            resolve::bind(&mut value, &lookup);
            if let Ok(bound) = serde_json::from_value(value.clone()) {
                **options = bound;
            }
            job.unresolved = resolve::unresolved(&value);
            job.rendered = None;
            if job.blocked.is_empty()
                && let Some((rendered, warnings)) = borg::render::render(&job.name, options, mode)
            {
                job.rendered = Some(rendered);
                for w in warnings {
                    if !job.warnings.contains(&w) {
                        job.warnings.push(w);
                    }
                }
            }
        }
    }
}

/// A manifest of the given jobs.
pub fn manifest(jobs: Vec<Job>) -> Manifest {
    Manifest {
        version: MANIFEST_VERSION,
        generator: format!("backix {}", env!("CARGO_PKG_VERSION")),
        jobs,
    }
}
