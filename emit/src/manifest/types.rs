//! The manifest's data types: what a job will do when its timer fires, as JSON.
//!
//! Strings that static analysis could not know are [`Text`] values holding [`Reference`]s; they
//! are filled in at run time and never guessed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the manifest format.
pub const MANIFEST_VERSION: u32 = 1;

/// A manifest: every backup job of the given configuration.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Manifest {
    /// Format version ([`MANIFEST_VERSION`]).
    pub version: u32,
    /// The backix version that wrote it.
    pub generator: String,
    /// One entry per job, in system then job-name order.
    pub jobs: Vec<Job>,
}

/// One backup job.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Job {
    /// The module system (root file or flake output) that defines the job.
    pub system: String,
    /// The job's attribute name.
    pub name: String,
    /// Which module generates it, with its resolved options (defaults filled in).
    #[serde(flatten)]
    pub spec: JobSpec,
    /// Whether the job only exists under an `mkIf` whose condition backix cannot evaluate.
    #[serde(default)]
    pub conditional: bool,
    /// Values left unknown by the static analysis, to be supplied at run time.
    #[serde(default)]
    pub unresolved: Vec<Unresolved>,
    /// Options that keep the job from being rendered (unknown Booleans, conflicts, errors).
    #[serde(default)]
    pub blocked: Vec<String>,
    /// What a reader should know: secrets in the configuration, conditional options.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// What the job runs, derived from the options; null when `blocked` is not empty.
    pub rendered: Option<Rendered>,
}

/// The module a job belongs to, with its options.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "options", rename_all = "kebab-case")]
pub enum JobSpec {
    /// `services.borgbackup.jobs.<name>`.
    Borgbackup(Box<crate::manifest::borg::options::BorgOptions>),
    /// `services.restic.backups.<name>`.
    Restic(Box<crate::manifest::restic::options::ResticOptions>),
    /// A borgmatic configuration of NixOS `services.borgmatic` or home-manager
    /// `programs.borgmatic`.
    Borgmatic(Box<crate::manifest::borgmatic::BorgmaticEntry>),
}

/// What a job runs: its unit, environment, files, steps and script.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Rendered {
    /// The systemd unit name without suffix (`borgbackup-job-<name>`).
    pub unit: String,
    /// The service's environment, as the module sets it.
    pub environment: BTreeMap<String, Text>,
    /// Files the script reads, written to `$BACKIX_JOB_FILES` before it runs.
    pub files: Vec<GeneratedFile>,
    /// The commands of the script, in order.
    pub steps: Vec<Step>,
    /// The bash script, equivalent to the module's.
    pub script: Text,
    /// The `.service` unit's settings.
    pub service: Service,
    /// The `.timer` unit, when the module generates one.
    pub timer: Option<Timer>,
}

/// A file the module writes to the store and the script reads.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct GeneratedFile {
    /// The file name below `$BACKIX_JOB_FILES` (`excludefile`, `patternsfile`).
    pub name: String,
    /// Its exact contents.
    pub contents: Text,
}

/// One command of the script.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Step {
    /// What it is: `init-probe`, `init`, `preHook`, `create`, `rename`, `prune`, `compact`, …
    pub step: String,
    /// When it runs, if not always (`"when the init probe fails"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub when: Option<String>,
    /// Its shell text as it appears in the script.
    pub command: Text,
}

/// Settings of the `.service` unit.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    /// `Description=`.
    pub description: String,
    /// `User=`.
    pub user: Text,
    /// `Group=`, when set.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<Text>,
    /// `Type=`, when set.
    #[serde(skip_serializing_if = "Option::is_none", default, rename = "Type")]
    pub service_type: Option<String>,
    /// `CPUSchedulingPolicy=`, when set.
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        rename = "CPUSchedulingPolicy"
    )]
    pub cpu_scheduling_policy: Option<String>,
    /// `IOSchedulingClass=`, when set.
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        rename = "IOSchedulingClass"
    )]
    pub io_scheduling_class: Option<String>,
    /// `ProtectSystem=`, when set.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub protect_system: Option<String>,
    /// `PrivateTmp=`.
    pub private_tmp: bool,
    /// `ReadWritePaths=`.
    #[serde(default)]
    pub read_write_paths: Vec<Text>,
    /// `RequiresMountsFor=` (in `[Unit]`).
    #[serde(default)]
    pub requires_mounts_for: Vec<Text>,
    /// The command prefix the unit runs the script with (`systemd-inhibit …`), empty for none.
    #[serde(default)]
    pub exec_prefix: Vec<String>,
    /// Other settings of the unit, by section and key (`Unit.Wants`,
    /// `Service.RuntimeDirectory`, `Service.EnvironmentFile`), each with its values in order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Vec<Text>>,
}

/// Settings of the `.timer` unit.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Timer {
    /// `Description=`.
    pub description: String,
    /// `OnCalendar=` values, in order.
    pub on_calendar: Vec<Text>,
    /// `Persistent=`.
    pub persistent: bool,
    /// `After=` (in `[Unit]`).
    #[serde(default)]
    pub after: Vec<String>,
    /// `Wants=` (in `[Unit]`).
    #[serde(default)]
    pub wants: Vec<String>,
    /// `WantedBy=` (in `[Install]`).
    pub wanted_by: Vec<String>,
    /// Other `[Timer]` settings (`RandomizedDelaySec`, `OnBootSec`, …), each with its values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Vec<Text>>,
    /// `X-OnlyManualStart=` (in `[Unit]`).
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        rename = "X-OnlyManualStart"
    )]
    pub only_manual_start: bool,
}

/// A value left unknown, listed once per job.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct Unresolved {
    /// The reference name to supply with `--set NAME=VALUE`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The job option it appears in (`repo`, `paths[1]`, `environment.BORG_RSH`).
    pub option: String,
    /// Where it is written (`file:line`), when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<String>,
    /// Whether it is a secret kept out of the manifest.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub secret: bool,
}

/// A string that may contain references to values supplied at run time.
///
/// A fully known string is a JSON string; otherwise a list of pieces, each a string or a
/// reference object.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(untagged)]
pub enum Text {
    /// Fully known.
    Known(String),
    /// With references.
    Parts(Vec<Part>),
}

/// A piece of a [`Text`].
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(untagged)]
pub enum Part {
    /// Known text.
    Lit(String),
    /// A reference.
    Ref(Reference),
}

/// A reference to a value supplied at run time.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
pub struct Reference {
    /// Its name: the source text of the unknown (`config.networking.hostName`), or for a secret
    /// the option path (`encryption.passphrase`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Where it is written (`file:line`), when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<String>,
    /// Whether it stands for a secret whose value is kept out of the manifest.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub secret: bool,
}
