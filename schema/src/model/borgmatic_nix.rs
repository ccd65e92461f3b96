//! The Nix-level options of the borgmatic modules: NixOS `services.borgmatic`, home-manager
//! `programs.borgmatic` and `services.borgmatic`. The YAML contents of `settings`,
//! `configurations` and the `extraConfig` sets stay open objects here; the borgmatic model
//! (`crate::borgmatic`) validates them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::matching::{CHECK_FREQUENCY, KEEP_INTERVAL};

fn yes() -> bool {
    true
}

fn hourly() -> String {
    "hourly".into()
}

/// Free-form YAML content (an attribute set), merged into the generated borgmatic file.
pub type YamlSet = BTreeMap<String, serde_json::Value>;

/// NixOS `services.borgmatic`: borgmatic configuration files under `/etc` and the service and
/// timer of the borgmatic package.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "services.borgmatic (NixOS)")]
pub struct NixosBorgmatic {
    /// Enable borgmatic: its configuration files, package, service and timer.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub enable: bool,

    /// Check every generated file with `borgmatic config validate` when the system is built.
    #[serde(default = "yes")]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub enable_config_check: bool,

    /// The configuration written to `/etc/borgmatic/config.yaml`; `null` for none.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (submodule { freeformType = yaml; })"))]
    pub settings: Option<NixosBorgmaticConfig>,

    /// Configurations written to `/etc/borgmatic.d/<name>.yaml`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "attrsOf (submodule { freeformType = yaml; })"))]
    pub configurations: BTreeMap<String, NixosBorgmaticConfig>,
}

/// One NixOS borgmatic configuration: free-form borgmatic YAML, with two options the module
/// declares.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
pub struct NixosBorgmaticConfig {
    /// Paths to back up.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf str"))]
    pub source_directories: Vec<String>,

    /// Repositories to back up to; each needs a `path` and a `label`.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf (submodule { path = str; label = str; })"))]
    pub repositories: Vec<NixosRepository>,

    /// Every other borgmatic option.
    #[serde(flatten)]
    pub other: YamlSet,
}

/// A repository of a NixOS borgmatic configuration.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NixosRepository {
    /// The repository path or URL.
    #[schemars(extend("x-nix-type" = "str"))]
    pub path: String,

    /// A name for the repository (required by the NixOS module).
    #[schemars(extend("x-nix-type" = "str"))]
    pub label: String,
}

/// home-manager `programs.borgmatic`: one borgmatic YAML file per backup in
/// `~/.config/borgmatic.d`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "programs.borgmatic (home-manager)")]
pub struct HomeProgramsBorgmatic {
    /// Enable borgmatic and its configuration files.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub enable: bool,

    /// The borgmatic package, added to `home.packages` unless `null`. Default: `pkgs.borgmatic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-nix-type" = "nullOr package"))]
    pub package: Option<serde_json::Value>,

    /// The backups, one `borgmatic.d/<name>.yaml` each.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "attrsOf (submodule backup)"))]
    pub backups: BTreeMap<String, HomeBorgmaticBackup>,
}

/// One home-manager borgmatic backup.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HomeBorgmaticBackup {
    /// What to back up and where to.
    #[schemars(extend("x-nix-group" = true))]
    pub location: HomeLocation,

    /// Encryption settings.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub storage: HomeStorage,

    /// Which archives to keep.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub retention: HomeRetention,

    /// Consistency checks.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub consistency: HomeConsistency,

    /// Output settings.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub output: ExtraConfigOnly,

    /// Hooks.
    #[serde(default)]
    #[schemars(extend("x-nix-group" = true))]
    pub hooks: ExtraConfigOnly,
}

/// `location` of a home-manager borgmatic backup.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HomeLocation {
    /// Paths to back up (`source_directories`); exactly one of this and `patterns` is set.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (listOf str)"))]
    pub source_directories: Option<Vec<String>>,

    /// borg pattern lines (`patterns`); exactly one of this and `sourceDirectories` is set.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr (listOf str)"))]
    pub patterns: Option<Vec<String>>,

    /// Repositories to back up to: a path, or `{ path; label; }`.
    #[schemars(extend("x-nix-type" = "listOf (either str (submodule { path; label; }))"))]
    pub repositories: Vec<HomeRepository>,

    /// Exclude the files home-manager links into the home directory.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub exclude_home_manager_symlinks: bool,

    /// More borgmatic options, merged into the file.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "yaml"))]
    pub extra_config: YamlSet,
}

/// A repository of a home-manager borgmatic backup.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HomeRepository {
    // Just the path.
    Path(String),
    // A path with an optional label.
    Labelled(HomeRepositoryOption),
}

/// A repository with its label.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeRepositoryOption {
    /// The repository path or URL.
    #[schemars(extend("x-nix-type" = "str"))]
    pub path: String,

    /// A name for the repository.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub label: Option<String>,
}

/// `storage` of a home-manager borgmatic backup.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HomeStorage {
    /// A command that prints the passphrase (`encryption_passcommand`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr str"))]
    pub encryption_passcommand: Option<String>,

    /// More borgmatic options, merged into the file.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "yaml"))]
    pub extra_config: YamlSet,
}

/// `retention` of a home-manager borgmatic backup.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HomeRetention {
    /// Keep all archives within this interval, such as `14d` (`keep_within`).
    #[serde(default)]
    #[schemars(pattern(KEEP_INTERVAL.json))]
    #[schemars(extend("x-nix-type" = "nullOr (strMatching \"[[:digit:]]+[Hdwmy]\")"))]
    pub keep_within: Option<String>,

    /// Secondly archives to keep (`keep_secondly`, `-1`: no limit).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_secondly: Option<i64>,

    /// Minutely archives to keep (`keep_minutely`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_minutely: Option<i64>,

    /// Hourly archives to keep (`keep_hourly`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_hourly: Option<i64>,

    /// Daily archives to keep (`keep_daily`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_daily: Option<i64>,

    /// Weekly archives to keep (`keep_weekly`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_weekly: Option<i64>,

    /// Monthly archives to keep (`keep_monthly`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_monthly: Option<i64>,

    /// Yearly archives to keep (`keep_yearly`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "nullOr int"))]
    pub keep_yearly: Option<i64>,

    /// More borgmatic options, merged into the file.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "yaml"))]
    pub extra_config: YamlSet,
}

/// `consistency` of a home-manager borgmatic backup.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HomeConsistency {
    /// Consistency checks to run (`checks`).
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "listOf (submodule { name; frequency; })"))]
    pub checks: Vec<HomeCheck>,

    /// More borgmatic options, merged into the file.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "yaml"))]
    pub extra_config: YamlSet,
}

/// One consistency check.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeCheck {
    /// What to check.
    #[schemars(extend(
        "x-nix-type" = "enum [ \"repository\" \"archives\" \"data\" \"extract\" ]"
    ))]
    pub name: CheckName,

    /// How often, such as `2 weeks` or `always`; `null`: every run.
    #[serde(default)]
    #[schemars(pattern(CHECK_FREQUENCY.json))]
    #[schemars(extend("x-nix-type" = "nullOr (strMatching \"([[:digit:]]+ .*)|always\")"))]
    pub frequency: Option<String>,
}

/// The checks home-manager's borgmatic module accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    // The repository's integrity.
    Repository,
    // The archives' metadata.
    Archives,
    // The archives' data.
    Data,
    // A test extraction.
    Extract,
}

/// A group with only `extraConfig` (`output`, `hooks`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExtraConfigOnly {
    /// More borgmatic options, merged into the file.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "yaml"))]
    pub extra_config: YamlSet,
}

/// home-manager `services.borgmatic`: a user service and timer running borgmatic.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "services.borgmatic (home-manager)")]
pub struct HomeServicesBorgmatic {
    /// Enable the borgmatic user service and timer.
    #[serde(default)]
    #[schemars(extend("x-nix-type" = "bool"))]
    pub enable: bool,

    /// When to run: a systemd calendar expression (on Darwin one of hourly, daily, weekly,
    /// monthly, semiannually, annually).
    #[serde(default = "hourly")]
    #[schemars(extend("x-nix-type" = "str"))]
    pub frequency: String,
}
