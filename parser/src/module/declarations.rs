//! The option declarations of the backup modules backix reads: NixOS `services.borgbackup`,
//! `services.restic`, `services.borgmatic`, and home-manager `programs.borgmatic` and
//! `services.borgmatic`. Types follow the upstream modules; they decide how definitions from
//! several files merge. The schema crate adds documentation and constraints on top.

use std::rc::Rc;

use super::types::{Declarations, Submodule};

/// `services.borgbackup.jobs.<name>`.
pub const BORGBACKUP_JOB: &[(&str, &str)] = &[
    ("appendFailedSuffix", "bool"),
    ("archiveBaseName", "nullOr strMatching"),
    ("compression", "strMatching"),
    ("createCommand", "enum"),
    ("dateFormat", "str"),
    ("doInit", "bool"),
    ("dumpCommand", "nullOr path"),
    ("encryption.mode", "enum"),
    ("encryption.passCommand", "nullOr str"),
    ("encryption.passphrase", "nullOr str"),
    ("environment", "attrsOf str"),
    ("exclude", "listOf str"),
    ("extraArgs", "coercedTo (listOf str) str"),
    ("extraCompactArgs", "coercedTo (listOf str) str"),
    ("extraCreateArgs", "coercedTo (listOf str) str"),
    ("extraInitArgs", "coercedTo (listOf str) str"),
    ("extraPruneArgs", "coercedTo (listOf str) str"),
    ("failOnWarnings", "bool"),
    ("group", "str"),
    ("inhibitsSleep", "bool"),
    ("paths", "nullOr (coercedTo str (listOf str))"),
    ("patterns", "listOf str"),
    ("persistentTimer", "bool"),
    ("postCreate", "lines"),
    ("postHook", "lines"),
    ("postInit", "lines"),
    ("postPrune", "lines"),
    ("preHook", "lines"),
    ("privateTmp", "bool"),
    ("prune.keep", "attrsOf (either int strMatching)"),
    ("prune.prefix", "nullOr str"),
    ("readWritePaths", "listOf path"),
    ("removableDevice", "bool"),
    ("repo", "str"),
    ("startAt", "either str (listOf str)"),
    ("user", "str"),
    ("wrapper", "nullOr str"),
];

/// `services.borgbackup.repos.<name>`.
pub const BORGBACKUP_REPO: &[(&str, &str)] = &[
    ("allowSubRepos", "bool"),
    ("authorizedKeys", "listOf str"),
    ("authorizedKeysAppendOnly", "listOf str"),
    ("group", "str"),
    ("path", "path"),
    ("quota", "nullOr strMatching"),
    ("user", "str"),
];

/// `services.restic.backups.<name>`.
pub const RESTIC_BACKUP: &[(&str, &str)] = &[
    ("backupCleanupCommand", "nullOr str"),
    ("backupPrepareCommand", "nullOr str"),
    ("checkOpts", "listOf str"),
    ("command", "listOf str"),
    ("createWrapper", "bool"),
    ("dynamicFilesFrom", "nullOr str"),
    ("environmentFile", "nullOr str"),
    ("exclude", "listOf str"),
    ("extraBackupArgs", "listOf str"),
    ("extraOptions", "listOf str"),
    ("inhibitsSleep", "bool"),
    ("initialize", "bool"),
    ("package", "package"),
    ("passwordFile", "nullOr str"),
    ("paths", "nullOr (listOf str)"),
    ("progressFps", "nullOr number"),
    ("pruneOpts", "listOf str"),
    ("rcloneConfig", "nullOr (attrsOf (either str bool))"),
    ("rcloneConfigFile", "nullOr path"),
    ("rcloneOptions", "nullOr (attrsOf (either str bool))"),
    ("repository", "nullOr str"),
    ("repositoryFile", "nullOr path"),
    ("runCheck", "bool"),
    ("timerConfig", "nullOr (attrsOf anything)"),
    ("user", "str"),
];

/// A NixOS `services.borgmatic` configuration: freeform YAML plus two declared options.
pub const BORGMATIC_NIXOS_CONFIG: &[(&str, &str)] = &[
    ("source_directories", "listOf str"),
    ("repositories", "listOf anything"),
];

/// home-manager `programs.borgmatic.backups.<name>`.
pub const BORGMATIC_HM_BACKUP: &[(&str, &str)] = &[
    ("location.sourceDirectories", "nullOr (listOf str)"),
    ("location.patterns", "nullOr (listOf str)"),
    ("location.repositories", "listOf anything"),
    ("location.excludeHomeManagerSymlinks", "bool"),
    ("location.extraConfig", "attrsOf anything"),
    ("storage.encryptionPasscommand", "nullOr str"),
    ("storage.extraConfig", "attrsOf anything"),
    ("retention.keepWithin", "nullOr strMatching"),
    ("retention.keepSecondly", "nullOr int"),
    ("retention.keepMinutely", "nullOr int"),
    ("retention.keepHourly", "nullOr int"),
    ("retention.keepDaily", "nullOr int"),
    ("retention.keepWeekly", "nullOr int"),
    ("retention.keepMonthly", "nullOr int"),
    ("retention.keepYearly", "nullOr int"),
    ("retention.extraConfig", "attrsOf anything"),
    ("consistency.checks", "listOf anything"),
    ("consistency.extraConfig", "attrsOf anything"),
    ("output.extraConfig", "attrsOf anything"),
    ("hooks.extraConfig", "attrsOf anything"),
];

/// Options of a NixOS system that backix reads.
pub const NIXOS_ROOT: &[(&str, &str)] = &[
    ("services.borgbackup.package", "package"),
    (
        "services.borgbackup.jobs",
        "attrsOf submodule:borgbackup-job",
    ),
    (
        "services.borgbackup.repos",
        "attrsOf submodule:borgbackup-repo",
    ),
    ("services.restic.backups", "attrsOf submodule:restic-backup"),
    ("services.borgmatic.enable", "bool"),
    ("services.borgmatic.enableConfigCheck", "bool"),
    (
        "services.borgmatic.settings",
        "nullOr submodule:borgmatic-config",
    ),
    (
        "services.borgmatic.configurations",
        "attrsOf submodule:borgmatic-config",
    ),
    ("home-manager.users", "attrsOf submodule:home"),
];

/// Options of a home-manager configuration that backix reads.
pub const HOME_ROOT: &[(&str, &str)] = &[
    ("programs.borgmatic.enable", "bool"),
    ("programs.borgmatic.package", "nullOr package"),
    (
        "programs.borgmatic.backups",
        "attrsOf submodule:borgmatic-hm-backup",
    ),
    ("services.borgmatic.enable", "bool"),
    ("services.borgmatic.frequency", "str"),
];

fn submodule(rows: &[(&str, &str)], freeform: bool) -> Rc<Submodule> {
    Rc::new(Submodule {
        options: Declarations::from_table(rows, &|_| None),
        freeform,
        modules: Vec::new(),
    })
}

/// The declarations of a home-manager configuration.
pub fn home_declarations() -> Declarations {
    Declarations::from_table(HOME_ROOT, &|name| match name {
        "borgmatic-hm-backup" => Some(submodule(BORGMATIC_HM_BACKUP, false)),
        _ => None,
    })
}

/// The declarations of a NixOS system, with home-manager users inside.
pub fn nixos_declarations() -> Declarations {
    Declarations::from_table(NIXOS_ROOT, &|name| match name {
        "borgbackup-job" => Some(submodule(BORGBACKUP_JOB, false)),
        "borgbackup-repo" => Some(submodule(BORGBACKUP_REPO, false)),
        "restic-backup" => Some(submodule(RESTIC_BACKUP, false)),
        "borgmatic-config" => Some(submodule(BORGMATIC_NIXOS_CONFIG, true)),
        // A home-manager user is a whole home-manager configuration; other options are open.
        "home" => Some(Rc::new(Submodule {
            options: home_declarations(),
            freeform: true,
            modules: Vec::new(),
        })),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module::types::{DeclNode, OptionType};

    #[test]
    fn every_table_parses_and_jobs_are_attrs_of_submodules() {
        let decls = nixos_declarations();
        let Some(DeclNode::Group(services)) = decls.get("services") else {
            panic!("no services")
        };
        let Some(DeclNode::Group(borg)) = services.get("borgbackup") else {
            panic!("no borgbackup")
        };
        let Some(DeclNode::Option(jobs)) = borg.get("jobs") else {
            panic!("no jobs")
        };
        let OptionType::AttrsOf(elem) = &jobs.ty else {
            panic!("jobs is not attrsOf")
        };
        let OptionType::Submodule(sub) = &**elem else {
            panic!("jobs are not submodules")
        };
        assert!(
            matches!(sub.options.get("postHook"), Some(DeclNode::Option(d)) if matches!(d.ty, OptionType::Lines))
        );
        assert!(matches!(
            sub.options.get("encryption"),
            Some(DeclNode::Group(_))
        ));
    }
}
