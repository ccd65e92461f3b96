//! Job manifests: the resolved description of what each backup job runs, as the NixOS module
//! generates it (documented in `docs/manifest.md`).
//!
//! Building one reads the extraction, fills in the module's defaults ([`borg::options`]),
//! supplies references ([`resolve`]) and renders the script, steps and units
//! ([`borg::render`]). A manifest read back from JSON goes through the same last two steps, so
//! `backix run MANIFEST` and `backix run CONFIG` run the same script.

pub mod borg;
pub mod borgmatic;
pub mod diff;
pub mod read;
pub mod resolve;
pub mod restic;
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

/// Builds the jobs of every `services.borgbackup.jobs` and `services.restic.backups` root of an
/// extraction, then one entry per borgmatic configuration ([`borgmatic::jobs`]).
pub fn build(extraction: &Extraction, bindings: &Bindings) -> Vec<BuiltJob> {
    let mut out = Vec::new();
    for system in &extraction.systems {
        for root in &system.roots {
            if !matches!(
                root.module,
                ModuleKind::BorgbackupJobs | ModuleKind::ResticBackups
            ) {
                continue;
            }
            for (name, node) in view::entries(&root.value) {
                let mut reader = read::Reader::default();
                let mut secrets = Secrets::new();
                let spec = if root.module == ModuleKind::ResticBackups {
                    restic::spec(name, node, &mut reader, &mut secrets)
                } else {
                    let options = borg::options::read(name, node, &mut reader, &mut secrets);
                    JobSpec::Borgbackup(Box::new(options))
                };
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
                    spec,
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
    out.extend(borgmatic::jobs(extraction).into_iter().map(|job| BuiltJob {
        job,
        secrets: Secrets::new(),
    }));
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
        JobSpec::Restic(options) => {
            let done = restic::finish(&job.name, options, &lookup, mode, job.blocked.is_empty());
            job.unresolved = done.unresolved;
            for b in done.blocked {
                if !job.blocked.contains(&b) {
                    job.blocked.push(b);
                }
            }
            job.rendered = None;
            if job.blocked.is_empty()
                && let Some((rendered, warnings)) = done.rendered
            {
                job.rendered = Some(rendered);
                for w in warnings {
                    if !job.warnings.contains(&w) {
                        job.warnings.push(w);
                    }
                }
            }
        }
        // Rendered when built; nothing is bound in the configuration file's text.
        JobSpec::Borgmatic(_) => {}
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

/// One line per reference the given texts still hold, naming the job option it fills, where it
/// is written and how to supply it (`--set` or the environment); empty when all are known.
pub fn missing_references<'a>(job: &Job, texts: impl IntoIterator<Item = &'a Text>) -> Vec<String> {
    let mut missing: Vec<&str> = Vec::new();
    let texts: Vec<&Text> = texts.into_iter().collect();
    for t in &texts {
        for reference in t.references() {
            if !missing.contains(&reference.reference.as_str()) {
                missing.push(&reference.reference);
            }
        }
    }
    missing
        .into_iter()
        .map(|name| {
            let u = job.unresolved.iter().find(|u| u.reference == name);
            let option = u.map(|u| u.option.as_str()).unwrap_or("?");
            let at = u
                .and_then(|u| u.at.as_deref())
                .map(|a| format!(", at {a}"))
                .unwrap_or_default();
            format!(
                "{name} (in {option}{at}): supply it with --set '{name}=VALUE' or {}",
                resolve::env_name(name)
            )
        })
        .collect()
}
