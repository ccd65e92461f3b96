//! The modules' own assertions and the domain checks (calendars, compression, patterns,
//! retention, repositories), one check per file.
//!
//! Codes `BX010`–`BX029` are the assertions (and warnings) of the NixOS and home-manager
//! modules, with their exact conditions and the modules' defaults for absent options;
//! `BX030`–`BX059` are the domain checks: values the modules let through but systemd, borg or
//! restic reject at run time (kind `Module`, denied), and values they accept but that probably
//! do not do what was meant (kind `Lint`, warned). A check whose input is unknown stays silent;
//! a value guarded by an unknown `mkIf` condition counts as set.

pub mod support;
pub mod timer_keys;

pub mod borg_compression;
pub mod borg_compression_doubtful;
pub mod borg_import_tar_dump;
pub mod borg_import_tar_exclusions;
pub mod borg_passphrase;
pub mod borg_pattern_doubtful;
pub mod borg_pattern_invalid;
pub mod borg_patterns;
pub mod borg_prune_keep;
pub mod borg_prune_keep_doubtful;
pub mod borg_prune_walk;
pub mod borg_quota;
pub mod borg_removable_device;
pub mod borg_repo;
pub mod borg_repo_doubtful;
pub mod borg_repo_keys;
pub mod borg_source;
pub mod borgmatic_frequency_darwin;
pub mod borgmatic_location_section;
pub mod borgmatic_sources_or_patterns;
pub mod calendar;
pub mod restic_file_and_command;
pub mod restic_password_source;
pub mod restic_rclone_repository;
pub mod restic_repository;
pub mod restic_repository_doubtful;
pub mod restic_repository_source;
pub mod restic_timer_no_trigger;
pub mod restic_timer_unknown_key;

use crate::rule::Check;

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    vec![
        &borg_passphrase::BorgPassphrase,
        &borg_repo_keys::BorgRepoKeys,
        &borg_source::BorgSource,
        &borg_import_tar_dump::BorgImportTarDump,
        &borg_import_tar_exclusions::BorgImportTarExclusions,
        &borg_removable_device::BorgRemovableDevice,
        &restic_repository_source::ResticRepositorySource,
        &restic_password_source::ResticPasswordSource,
        &restic_file_and_command::ResticFileAndCommand,
        &restic_rclone_repository::ResticRcloneRepository,
        &borgmatic_sources_or_patterns::BorgmaticSourcesOrPatterns,
        &borgmatic_location_section::BorgmaticLocationSection,
        &borgmatic_frequency_darwin::BorgmaticFrequencyDarwin,
        &calendar::Calendar,
        &borg_compression::BorgCompression,
        &borg_compression_doubtful::BorgCompressionDoubtful,
        &borg_pattern_invalid::BorgPatternInvalid,
        &borg_pattern_doubtful::BorgPatternDoubtful,
        &borg_prune_keep::BorgPruneKeep,
        &borg_prune_keep_doubtful::BorgPruneKeepDoubtful,
        &borg_repo::BorgRepo,
        &borg_repo_doubtful::BorgRepoDoubtful,
        &restic_repository::ResticRepository,
        &restic_repository_doubtful::ResticRepositoryDoubtful,
        &borg_quota::BorgQuota,
        &restic_timer_unknown_key::ResticTimerUnknownKey,
        &restic_timer_no_trigger::ResticTimerNoTrigger,
    ]
}
