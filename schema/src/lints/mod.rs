//! Lints: what the NixOS and home-manager modules accept but users regret at restore time.
//!
//! One lint per file: a `RULE` (its documentation, code BX100–BX149) and a check reading the
//! extracted option trees. `support` walks instances and reads options with the modules'
//! defaults; `borg` and `restic` say what a job does (schedule, retention, archive names).
//! Unknown values keep a lint silent; values under an `mkIf` with an unknown condition count as
//! set. Secrets are never put in messages: their source ranges are marked on the diagnostic.

mod borg;
mod restic;
mod source_text;
pub mod support;

pub mod borg_no_retention;
pub mod dump_command_arguments;
pub mod exclude_covers_path;
pub mod failed_suffix_off;
pub mod host_key_checking_off;
pub mod keyfile_mode;
pub mod mixed_encryption;
pub mod no_persistent_timer;
pub mod no_schedule;
pub mod no_sleep_inhibit;
pub mod pass_command_reads_store;
pub mod passphrase_ignored;
pub mod passphrase_in_store;
pub mod password_in_repository_url;
pub mod prune_prefix_misses;
pub mod prune_prefix_overlap;
pub mod quoted_exclude;
pub mod rclone_secret;
pub mod relative_path;
pub mod removable_device_init;
pub mod repo_full_access_key;
pub mod repo_without_quota;
pub mod restic_forget_without_policy;
pub mod restic_no_retention;
pub mod restic_nothing_to_do;
pub mod secret_file_in_store;
pub mod secret_in_environment;
pub mod short_retention;
pub mod ssh_identity;
pub mod sub_repos_shared;
pub mod timer_drops_persistent;
pub mod unencrypted_remote;
pub mod unreadable_as_user;
pub mod warnings_ignored;

use crate::rule::Check;

/// The checks of this module, in code order.
pub fn checks() -> Vec<&'static dyn Check> {
    vec![
        &passphrase_in_store::PassphraseInStore,
        &secret_in_environment::SecretInEnvironment,
        &rclone_secret::RcloneSecret,
        &secret_file_in_store::SecretFileInStore,
        &pass_command_reads_store::PassCommandReadsStore,
        &password_in_repository_url::PasswordInRepositoryUrl,
        &passphrase_ignored::PassphraseIgnored,
        &borg_no_retention::BorgNoRetention,
        &restic_no_retention::ResticNoRetention,
        &restic_forget_without_policy::ResticForgetWithoutPolicy,
        &short_retention::ShortRetention,
        &prune_prefix_overlap::PrunePrefixOverlap,
        &prune_prefix_misses::PrunePrefixMisses,
        &mixed_encryption::MixedEncryption,
        &ssh_identity::SshIdentity,
        &host_key_checking_off::HostKeyCheckingOff,
        &unencrypted_remote::UnencryptedRemote,
        &keyfile_mode::KeyfileMode,
        &quoted_exclude::QuotedExclude,
        &dump_command_arguments::DumpCommandArguments,
        &relative_path::RelativePath,
        &exclude_covers_path::ExcludeCoversPath,
        &restic_nothing_to_do::ResticNothingToDo,
        &unreadable_as_user::UnreadableAsUser,
        &removable_device_init::RemovableDeviceInit,
        &failed_suffix_off::FailedSuffixOff,
        &warnings_ignored::WarningsIgnored,
        &no_schedule::NoSchedule,
        &timer_drops_persistent::TimerDropsPersistent,
        &no_persistent_timer::NoPersistentTimer,
        &no_sleep_inhibit::NoSleepInhibit,
        &repo_full_access_key::RepoFullAccessKey,
        &repo_without_quota::RepoWithoutQuota,
        &sub_repos_shared::SubReposShared,
    ]
}
