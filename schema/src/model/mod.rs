//! Typed models of the backup modules (serde + schemars), one per module, and their JSON Schemas.
//!
//! Every option carries its Nix type in the schema keyword `x-nix-type` (groups of options such
//! as `encryption` carry `x-nix-group`), its default where the module's default is a constant,
//! its allowed values and its constraints (`model::matching`). Undeclared options are rejected
//! (`additionalProperties: false`), except inside free-form borgmatic YAML.
//!
//! Adding a model: one variant of [`ModelId`], one row of [`ModelId::ALL`] (name, option path,
//! schema function); `backix schema` and the validation checks pick it up from there.

pub mod borgbackup;
pub mod borgmatic_nix;
pub mod coerce;
pub mod matching;
pub mod restic;

use backix_parser::module::extract::ModuleKind;
use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::Value;

/// A model backix has a schema for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModelId {
    /// One `services.borgbackup.jobs.<name>`.
    BorgbackupJob,
    /// One `services.borgbackup.repos.<name>`.
    BorgbackupRepo,
    /// One `services.restic.backups.<name>`.
    ResticBackup,
    /// NixOS `services.borgmatic`.
    NixosBorgmatic,
    /// home-manager `programs.borgmatic`.
    HomeProgramsBorgmatic,
    /// home-manager `services.borgmatic`.
    HomeServicesBorgmatic,
    /// A borgmatic 2.1.10 YAML configuration (flat format, after normalization).
    BorgmaticYaml,
}

/// How a model is found and built.
pub struct ModelInfo {
    /// The model.
    pub id: ModelId,
    /// Its kebab-case name (`borgbackup-job`).
    pub name: &'static str,
    /// The Nix option path it describes (`services.borgbackup.jobs.<name>`); empty for the
    /// borgmatic YAML model, which is not a Nix option.
    pub option: &'static str,
    /// Builds its JSON Schema.
    pub schema: fn() -> Value,
}

impl ModelId {
    /// Every model, in `backix schema` order.
    pub const ALL: &'static [ModelInfo] = &[
        ModelInfo {
            id: ModelId::BorgbackupJob,
            name: "borgbackup-job",
            option: "services.borgbackup.jobs.<name>",
            schema: schema_of::<borgbackup::BorgbackupJob>,
        },
        ModelInfo {
            id: ModelId::BorgbackupRepo,
            name: "borgbackup-repo",
            option: "services.borgbackup.repos.<name>",
            schema: schema_of::<borgbackup::BorgbackupRepo>,
        },
        ModelInfo {
            id: ModelId::ResticBackup,
            name: "restic-backup",
            option: "services.restic.backups.<name>",
            schema: schema_of::<restic::ResticBackup>,
        },
        ModelInfo {
            id: ModelId::NixosBorgmatic,
            name: "nixos-borgmatic",
            option: "services.borgmatic",
            schema: schema_of::<borgmatic_nix::NixosBorgmatic>,
        },
        ModelInfo {
            id: ModelId::HomeProgramsBorgmatic,
            name: "home-programs-borgmatic",
            option: "programs.borgmatic",
            schema: schema_of::<borgmatic_nix::HomeProgramsBorgmatic>,
        },
        ModelInfo {
            id: ModelId::HomeServicesBorgmatic,
            name: "home-services-borgmatic",
            option: "services.borgmatic (home-manager)",
            schema: schema_of::<borgmatic_nix::HomeServicesBorgmatic>,
        },
        ModelInfo {
            id: ModelId::BorgmaticYaml,
            name: "borgmatic",
            option: "",
            schema: crate::borgmatic::json_schema,
        },
    ];

    /// The model's row of [`ModelId::ALL`].
    pub fn info(self) -> &'static ModelInfo {
        Self::ALL
            .iter()
            .find(|m| m.id == self)
            .expect("every model has a row in ModelId::ALL")
    }

    /// Its kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Finds a model by its kebab-case name or by its Nix option path, with or without the
    /// trailing `.<name>` (`services.borgbackup.jobs`, `programs.borgmatic`). The NixOS
    /// `services.borgmatic` path names the NixOS model.
    pub fn find(text: &str) -> Option<ModelId> {
        let text = text.trim();
        Self::ALL
            .iter()
            .find(|m| {
                m.name == text
                    || (!m.option.is_empty()
                        && (m.option == text || m.option.strip_suffix(".<name>") == Some(text)))
            })
            .map(|m| m.id)
    }
}

/// The JSON Schema (draft 2020-12, self-contained) of a model, with the option path it
/// describes as `x-nix-option`.
pub fn json_schema(id: ModelId) -> Value {
    let info = id.info();
    let mut schema = (info.schema)();
    if let Value::Object(map) = &mut schema
        && !info.option.is_empty()
    {
        map.insert("x-nix-option".into(), Value::String(info.option.into()));
    }
    schema
}

/// The schemas of every model, by kebab-case name.
pub fn all_json_schemas() -> serde_json::Map<String, Value> {
    ModelId::ALL
        .iter()
        .map(|m| (m.name.to_string(), json_schema(m.id)))
        .collect()
}

/// The schema schemars derives for a model type, with every subschema inline.
pub fn schema_of<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// How an extracted root maps to a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The root is an attribute set of named entries (jobs, repos, backups), each one model.
    Entries,
    /// The root itself is one model.
    Whole,
}

/// The model of an extracted root of this module, and whether it applies per entry.
pub fn model_for(kind: ModuleKind) -> (ModelId, Shape) {
    match kind {
        ModuleKind::BorgbackupJobs => (ModelId::BorgbackupJob, Shape::Entries),
        ModuleKind::BorgbackupRepos => (ModelId::BorgbackupRepo, Shape::Entries),
        ModuleKind::ResticBackups => (ModelId::ResticBackup, Shape::Entries),
        ModuleKind::NixosBorgmatic => (ModelId::NixosBorgmatic, Shape::Whole),
        ModuleKind::HomeProgramsBorgmatic => (ModelId::HomeProgramsBorgmatic, Shape::Whole),
        ModuleKind::HomeServicesBorgmatic => (ModelId::HomeServicesBorgmatic, Shape::Whole),
    }
}
