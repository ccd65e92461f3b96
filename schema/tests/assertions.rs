//! The modules' assertions (BX010–BX022), each with a fixture the module rejects, fixtures it
//! accepts, and fixtures whose unknown values must keep the check silent.

mod assertions_support;

use assertions_support::{marked_line, module, none, one_at_mark, run};
use backix_schema::assertions::{
    borg_import_tar_dump::BorgImportTarDump, borg_import_tar_exclusions::BorgImportTarExclusions,
    borg_passphrase::BorgPassphrase, borg_removable_device::BorgRemovableDevice,
    borg_repo_keys::BorgRepoKeys, borg_source::BorgSource,
    borgmatic_frequency_darwin::BorgmaticFrequencyDarwin,
    borgmatic_location_section::BorgmaticLocationSection,
    borgmatic_sources_or_patterns::BorgmaticSourcesOrPatterns,
    restic_file_and_command::ResticFileAndCommand, restic_password_source::ResticPasswordSource,
    restic_rclone_repository::ResticRcloneRepository,
    restic_repository_source::ResticRepositorySource,
};

/// A borg job with the given extra options (a source, a repo and an encryption mode are set
/// unless the extra options set them).
fn borg_job(extra: &str) -> String {
    module(&format!(
        "  services.borgbackup.jobs.home = {{\n{extra}\n  }};"
    ))
}

#[test]
fn bx010_passphrase_required() {
    let bad = borg_job(
        "    paths = [ \"/home\" ];\n    repo = \"/backup\";\n    encryption.mode = \"repokey\"; # HERE",
    );
    let f = one_at_mark(&BorgPassphrase, &bad);
    assert!(f.message.contains("services.borgbackup.jobs.home"), "{f:?}");
    assert!(f.message.contains("repokey"), "{f:?}");
    // Explicit nulls are the defaults.
    one_at_mark(
        &BorgPassphrase,
        &borg_job(
            "    paths = [ \"/home\" ];\n    repo = \"/backup\";\n    encryption = { mode = \"repokey-blake2\"; # HERE\n      passphrase = null; passCommand = null; };",
        ),
    );
    for good in [
        "encryption.mode = \"none\";",
        "encryption.mode = \"repokey\"; encryption.passCommand = \"cat /run/secret\";",
        "encryption.mode = \"keyfile\"; encryption.passphrase = \"hunter2\";",
        // No mode: the type check reports the missing option.
        "",
        // An invalid mode: the type check reports it.
        "encryption.mode = \"repokye\";",
    ] {
        none(
            &BorgPassphrase,
            &borg_job(&format!(
                "    paths = [ \"/home\" ];\n    repo = \"/b\";\n    {good}"
            )),
        );
    }
    // Unknown values: silent. A conditional passCommand counts as set.
    for unknown in [
        "encryption.mode = config.my.mode;",
        "encryption.mode = \"repokey\"; encryption.passCommand = config.my.command;",
        "encryption.mode = \"repokey\"; encryption.passphrase = config.my.secret;",
        "encryption.mode = \"repokey\"; encryption.passCommand = lib.mkIf config.my.enable \"cat /s\";",
        "encryption.mode = \"repokey\"; encryption.passCommand = \"cat ${config.my.file}\";",
    ] {
        none(
            &BorgPassphrase,
            &borg_job(&format!(
                "    paths = [ \"/home\" ];\n    repo = \"/b\";\n    {unknown}"
            )),
        );
    }
}

#[test]
fn bx011_repo_without_keys() {
    let bad =
        module("  services.borgbackup.repos.laptop = { # HERE\n    path = \"/srv/borg\";\n  };");
    let f = one_at_mark(&BorgRepoKeys, &bad);
    assert!(
        f.message.contains("services.borgbackup.repos.laptop"),
        "{f:?}"
    );
    let explicit = module(
        "  services.borgbackup.repos.laptop = { # HERE\n    authorizedKeys = [ ];\n    authorizedKeysAppendOnly = [ ];\n  };",
    );
    let f = one_at_mark(&BorgRepoKeys, &explicit);
    assert_eq!(f.label_lines.len(), 2, "{f:?}");
    for good in [
        "authorizedKeys = [ \"ssh-ed25519 AAAA root@laptop\" ];",
        "authorizedKeysAppendOnly = [ \"ssh-ed25519 AAAA root@laptop\" ];",
        // A list with an unknown element is not empty.
        "authorizedKeys = [ config.my.key ];",
        // Unknown: silent.
        "authorizedKeys = config.my.keys;",
    ] {
        none(
            &BorgRepoKeys,
            &module(&format!(
                "  services.borgbackup.repos.laptop = {{ {good} }};"
            )),
        );
    }
}

#[test]
fn bx012_paths_or_dump_command() {
    let neither = module(
        "  services.borgbackup.jobs.db = { # HERE\n    repo = \"/b\";\n    encryption.mode = \"none\";\n  };",
    );
    let f = one_at_mark(&BorgSource, &neither);
    assert!(f.message.contains("neither"), "{f:?}");
    let both = borg_job(
        "    paths = [ \"/srv\" ];\n    dumpCommand = \"/etc/dump.sh\"; # HERE\n    repo = \"/b\";",
    );
    let f = one_at_mark(&BorgSource, &both);
    assert!(f.message.contains("both"), "{f:?}");
    assert_eq!(f.label_lines, vec![marked_line(&both) - 1]);
    for good in [
        "paths = [ \"/srv\" ];",
        "paths = \"/srv\";",
        // `paths = [ ]` counts as set.
        "paths = [ ];",
        "dumpCommand = \"/etc/dump.sh\";",
        "dumpCommand = \"/etc/dump.sh\"; paths = null;",
        // Unknown: silent.
        "paths = config.my.paths;",
        "paths = [ \"/srv\" ]; dumpCommand = config.my.dump;",
    ] {
        none(
            &BorgSource,
            &borg_job(&format!("    repo = \"/b\"; {good}")),
        );
    }
}

#[test]
fn bx013_import_tar_needs_dump_command() {
    let bad = borg_job(
        "    createCommand = \"import-tar\"; # HERE\n    paths = [ \"/srv\" ];\n    repo = \"/b\";",
    );
    one_at_mark(&BorgImportTarDump, &bad);
    for good in [
        "createCommand = \"import-tar\"; dumpCommand = \"/etc/tar.sh\";",
        "createCommand = \"create\"; paths = [ \"/srv\" ];",
        "paths = [ \"/srv\" ];",
        "createCommand = config.my.command; paths = [ \"/srv\" ];",
        "createCommand = \"import-tar\"; dumpCommand = config.my.dump;",
    ] {
        none(
            &BorgImportTarDump,
            &borg_job(&format!("    repo = \"/b\"; {good}")),
        );
    }
}

#[test]
fn bx014_import_tar_exclusions() {
    let bad = borg_job(
        "    createCommand = \"import-tar\";\n    dumpCommand = \"/etc/tar.sh\";\n    exclude = [ \"*.tmp\" ]; # HERE\n    repo = \"/b\";",
    );
    let f = one_at_mark(&BorgImportTarExclusions, &bad);
    assert!(f.message.contains("exclude"), "{f:?}");
    assert_eq!(f.label_lines, vec![marked_line(&bad) - 2]);
    let patterns = borg_job(
        "    createCommand = \"import-tar\";\n    dumpCommand = \"/etc/tar.sh\";\n    patterns = [ \"- *.tmp\" ]; # HERE\n    repo = \"/b\";",
    );
    one_at_mark(&BorgImportTarExclusions, &patterns);
    for good in [
        "createCommand = \"import-tar\"; dumpCommand = \"/etc/tar.sh\";",
        "createCommand = \"import-tar\"; dumpCommand = \"/etc/tar.sh\"; exclude = [ ]; patterns = [ ];",
        "paths = [ \"/srv\" ]; exclude = [ \"*.tmp\" ];",
        "createCommand = \"import-tar\"; dumpCommand = \"/etc/tar.sh\"; exclude = config.my.exclude;",
    ] {
        none(
            &BorgImportTarExclusions,
            &borg_job(&format!("    repo = \"/b\"; {good}")),
        );
    }
}

#[test]
fn bx015_removable_device_not_local() {
    for repo in [
        "\"backup@nas:usb\"",
        "\"ssh://backup@nas/./usb\"",
        "\"relative/dir\"",
        "\"~/backup\"",
        "\"nas:${config.my.dir}\"",
    ] {
        let bad = borg_job(&format!(
            "    paths = [ \"/home\" ];\n    removableDevice = true;\n    repo = {repo}; # HERE"
        ));
        let f = one_at_mark(&BorgRemovableDevice, &bad);
        assert_eq!(f.label_lines, vec![marked_line(&bad) - 1], "{f:?}");
    }
    for good in [
        "removableDevice = true; repo = \"/mnt/usb/borg\";",
        "removableDevice = true; repo = \"./borg\";",
        // The module's test: a colon does not make a path remote.
        "removableDevice = true; repo = \"/root/back:up\";",
        "removableDevice = false; repo = \"backup@nas:usb\";",
        "repo = \"backup@nas:usb\";",
        // The first character is known: local.
        "removableDevice = true; repo = \"/mnt/${config.my.disk}\";",
        // Unknown: silent.
        "removableDevice = true; repo = config.my.repo;",
        "removableDevice = true; repo = \"${config.my.host}:borg\";",
        "removableDevice = config.my.removable; repo = \"nas:borg\";",
    ] {
        none(
            &BorgRemovableDevice,
            &borg_job(&format!("    paths = [ \"/home\" ]; {good}")),
        );
    }
    // A conditional `true` counts as set.
    one_at_mark(
        &BorgRemovableDevice,
        &borg_job(
            "    paths = [ \"/home\" ];\n    removableDevice = lib.mkIf config.my.usb true;\n    repo = \"nas:borg\"; # HERE",
        ),
    );
}

fn restic(extra: &str) -> String {
    module(&format!(
        "  services.restic.backups.home = {{ # HERE\n{extra}\n  }};"
    ))
}

#[test]
fn bx016_restic_repository_source() {
    let f = one_at_mark(
        &ResticRepositorySource,
        &restic("    paths = [ \"/home\" ];\n    passwordFile = \"/run/pw\";"),
    );
    assert!(f.message.contains("names no repository"), "{f:?}");
    let both = module(
        "  services.restic.backups.home = {\n    repository = \"/srv/restic\";\n    repositoryFile = \"/run/repo\"; # HERE\n  };",
    );
    let f = one_at_mark(&ResticRepositorySource, &both);
    assert!(f.message.contains("both"), "{f:?}");
    assert_eq!(f.label_lines, vec![marked_line(&both) - 1]);
    for good in [
        "repository = \"/srv/restic\";",
        "repositoryFile = \"/run/repo\";",
        "environmentFile = \"/run/env\";",
        "environmentFile = \"/run/env\"; repository = \"/a\"; repositoryFile = \"/b\";",
        "repository = null; repositoryFile = \"/run/repo\";",
        // Unknown: silent.
        "repository = config.my.repo;",
        "environmentFile = config.my.env;",
    ] {
        none(&ResticRepositorySource, &restic(&format!("    {good}")));
    }
}

#[test]
fn bx017_restic_password_source() {
    one_at_mark(
        &ResticPasswordSource,
        &restic("    paths = [ \"/home\" ];\n    repository = \"/srv\";"),
    );
    one_at_mark(&ResticPasswordSource, &restic("    passwordFile = null;"));
    for good in [
        "passwordFile = \"/run/pw\";",
        "environmentFile = \"/run/env\";",
        "passwordFile = config.my.pw;",
        "passwordFile = lib.mkIf config.my.enable \"/run/pw\";",
    ] {
        none(&ResticPasswordSource, &restic(&format!("    {good}")));
    }
}

#[test]
fn bx018_restic_file_and_command_backup() {
    for files in [
        "paths = [ \"/home\" ];",
        "dynamicFilesFrom = \"find /srv\";",
    ] {
        let bad = module(&format!(
            "  services.restic.backups.db = {{\n    {files}\n    command = [ \"pg_dumpall\" ]; # HERE\n  }};"
        ));
        let f = one_at_mark(&ResticFileAndCommand, &bad);
        assert_eq!(f.label_lines, vec![marked_line(&bad) - 1], "{f:?}");
    }
    for good in [
        "command = [ \"pg_dumpall\" ];",
        "command = [ \"pg_dumpall\" ]; paths = [ ];",
        "command = [ \"pg_dumpall\" ]; paths = null;",
        "command = [ ]; paths = [ \"/home\" ];",
        "paths = [ \"/home\" ]; dynamicFilesFrom = \"find /srv\";",
        // Unknown: silent.
        "command = [ \"pg_dumpall\" ]; paths = config.my.paths;",
        "command = config.my.command; paths = [ \"/home\" ];",
    ] {
        none(&ResticFileAndCommand, &restic(&format!("    {good}")));
    }
    // A list with an unknown element is not empty.
    one_at_mark(
        &ResticFileAndCommand,
        &module(
            "  services.restic.backups.db = {\n    paths = [ config.my.path ];\n    command = [ \"pg_dumpall\" ]; # HERE\n  };",
        ),
    );
}

#[test]
fn bx019_restic_rclone_config_repository() {
    for repo in [
        "repositoryFile = \"/run/repo\";",
        "repository = \"/srv/restic\";",
    ] {
        let bad = module(&format!(
            "  services.restic.backups.cloud = {{\n    {repo}\n    rcloneConfig = {{ type = \"b2\"; }}; # HERE\n  }};"
        ));
        one_at_mark(&ResticRcloneRepository, &bad);
    }
    for good in [
        "repository = \"rclone:b2:backups\"; rcloneConfig = { type = \"b2\"; };",
        "repositoryFile = \"/run/repo\"; rcloneConfigFile = \"/run/rclone.conf\";",
        "repositoryFile = \"/run/repo\";",
        // An empty set names no variable.
        "repositoryFile = \"/run/repo\"; rcloneConfig = { };",
        // Unknown: silent.
        "repository = config.my.repo; rcloneConfig = { type = \"b2\"; };",
    ] {
        none(&ResticRcloneRepository, &restic(&format!("    {good}")));
    }
}

#[test]
fn bx020_borgmatic_sources_or_patterns() {
    let neither = "{ config, lib, pkgs, ... }:\n{\n  programs.borgmatic.enable = true;\n  programs.borgmatic.backups.home = { # HERE\n    location.repositories = [ \"/mnt/backup\" ];\n  };\n}\n";
    let f = one_at_mark(&BorgmaticSourcesOrPatterns, neither);
    assert!(
        f.message.contains("programs.borgmatic.backups.home"),
        "{f:?}"
    );
    assert!(f.message.contains("must specify one of"), "{f:?}");
    let both = "{ config, lib, pkgs, ... }:\n{\n  programs.borgmatic.enable = true;\n  programs.borgmatic.backups.home = {\n    location.sourceDirectories = [ \"/home/me\" ];\n    location.patterns = [ \"R /home/me\" ]; # HERE\n    location.repositories = [ \"/mnt/backup\" ];\n  };\n}\n";
    let f = one_at_mark(&BorgmaticSourcesOrPatterns, both);
    assert!(f.message.contains("cannot specify both"), "{f:?}");
    // Below a NixOS system's home-manager user.
    let nested = module(
        "  home-manager.users.alice.programs.borgmatic = {\n    enable = true;\n    backups.home.location.repositories = [ \"/mnt/backup\" ]; # HERE\n  };",
    );
    let f = one_at_mark(&BorgmaticSourcesOrPatterns, &nested);
    assert!(
        f.message
            .contains("home-manager.users.alice.programs.borgmatic.backups.home"),
        "{f:?}"
    );
    let with = |enable: &str, location: &str| {
        format!(
            "{{ config, lib, pkgs, ... }}:\n{{\n  programs.borgmatic.enable = {enable};\n  programs.borgmatic.backups.home = {{\n    {location}\n    location.repositories = [ \"/mnt/backup\" ];\n  }};\n}}\n"
        )
    };
    for (enable, location) in [
        ("true", "location.sourceDirectories = [ \"/home/me\" ];"),
        ("true", "location.patterns = [ \"R /home/me\" ];"),
        (
            "true",
            "location.patterns = [ \"R /home/me\" ]; location.sourceDirectories = null;",
        ),
        // The assertions only apply when the module is enabled.
        ("false", ""),
        // Unknown: silent.
        ("config.my.enable", ""),
        ("true", "location.sourceDirectories = config.my.dirs;"),
    ] {
        none(&BorgmaticSourcesOrPatterns, &with(enable, location));
    }
    // Without `enable` the module is off.
    none(
        &BorgmaticSourcesOrPatterns,
        "{ ... }:\n{\n  programs.borgmatic.backups.home.location.repositories = [ \"/b\" ];\n}\n",
    );
}

#[test]
fn bx021_borgmatic_location_section() {
    let bad = module(
        "  services.borgmatic.enable = true;\n  services.borgmatic.settings = {\n    location.source_directories = [ \"/home\" ]; # HERE\n  };",
    );
    let f = one_at_mark(&BorgmaticLocationSection, &bad);
    assert!(
        f.message.contains("services.borgmatic.settings.location"),
        "{f:?}"
    );
    assert_eq!(
        f.severity,
        backix_parser::diagnostic::Severity::Warning,
        "{f:?}"
    );
    let conf = module(
        "  services.borgmatic.enable = true;\n  services.borgmatic.configurations.home = {\n    location = { source_directories = [ \"/home\" ]; }; # HERE\n  };",
    );
    let f = one_at_mark(&BorgmaticLocationSection, &conf);
    assert!(
        f.message
            .contains("services.borgmatic.configurations.home.location"),
        "{f:?}"
    );
    for good in [
        "services.borgmatic.enable = true; services.borgmatic.settings.source_directories = [ \"/home\" ];",
        "services.borgmatic.settings.location.source_directories = [ \"/home\" ];",
        "services.borgmatic.enable = config.my.enable; services.borgmatic.settings.location.x = 1;",
    ] {
        none(&BorgmaticLocationSection, &module(&format!("  {good}")));
    }
}

#[test]
fn registry_lists_every_assertion() {
    let codes: Vec<&str> = backix_schema::registry::rules()
        .into_iter()
        .map(|r| r.code)
        .collect();
    for code in [
        "BX010", "BX011", "BX012", "BX013", "BX014", "BX015", "BX016", "BX017", "BX018", "BX019",
        "BX020", "BX021", "BX030", "BX031", "BX032", "BX033", "BX034", "BX035", "BX036", "BX037",
        "BX038", "BX039", "BX040", "BX041", "BX042", "BX043",
    ] {
        assert!(codes.contains(&code), "{code} is not registered");
    }
    // Every check of this family finds nothing in an empty configuration.
    for check in backix_schema::assertions::checks() {
        assert!(run(check, "{ ... }: { }\n").is_empty());
    }
}

#[test]
fn every_rules_examples_hold() {
    for check in backix_schema::assertions::checks() {
        let rule = check.rule();
        let wrap = |body: &str| format!("{{ config, lib, pkgs, ... }}:\n{{\n{body}\n}}\n");
        let bad = run(check, &wrap(rule.bad));
        assert!(
            !bad.is_empty(),
            "{}: the `bad` example is not reported:\n{}",
            rule.code,
            rule.bad
        );
        let good = run(check, &wrap(rule.good));
        assert!(
            good.is_empty(),
            "{}: the `good` example is reported: {good:#?}\n{}",
            rule.code,
            rule.good
        );
    }
}

#[test]
fn bx022_borgmatic_frequency_on_darwin() {
    // A standalone home-manager configuration for macOS, and a nix-darwin system's user.
    let home = |home: &str, frequency: &str| {
        module(&format!(
            "  home.homeDirectory = \"{home}\";\n  services.borgmatic = {{\n    enable = true;\n    frequency = \"{frequency}\"; # HERE\n  }};"
        ))
    };
    let f = one_at_mark(&BorgmaticFrequencyDarwin, &home("/Users/me", "*-*-* 02:00"));
    assert!(
        f.message
            .contains("On Darwin, services.borgmatic.frequency must be one of"),
        "{f:?}"
    );
    assert_eq!(
        f.label_lines,
        vec![3],
        "the label points at the home directory: {f:?}"
    );
    let darwin_system = module(
        "  nixpkgs.hostPlatform = \"aarch64-darwin\";\n  home-manager.users.me.services.borgmatic = {\n    enable = true;\n    frequency = \"Mon 04:00\"; # HERE\n  };",
    );
    let f = one_at_mark(&BorgmaticFrequencyDarwin, &darwin_system);
    assert_eq!(f.label_lines, vec![3], "{f:?}");
    for allowed in [
        "hourly",
        "daily",
        "weekly",
        "monthly",
        "semiannually",
        "annually",
    ] {
        none(&BorgmaticFrequencyDarwin, &home("/Users/me", allowed));
    }
    // On Linux any calendar expression is the timer's.
    none(&BorgmaticFrequencyDarwin, &home("/home/me", "*-*-* 02:00"));
    // Disabled: no assertion; unknown home: nothing known about the platform.
    none(
        &BorgmaticFrequencyDarwin,
        &module(
            "  home.homeDirectory = \"/Users/me\";\n  services.borgmatic = { enable = false; frequency = \"02:00\"; };",
        ),
    );
    none(
        &BorgmaticFrequencyDarwin,
        &module(
            "  home.homeDirectory = config.home.username;\n  services.borgmatic = { enable = true; frequency = \"02:00\"; };",
        ),
    );
}
