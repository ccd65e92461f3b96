//! Module-merge tests modelled on real configurations: jobs spread over files, priorities,
//! conditions, generated jobs, wrapper modules, home-manager users, imports and flakes.

use std::path::{Path, PathBuf};

use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_parser::module::extract::{LocatedValue, OptionNode, RootReport, StringPart};
use backix_parser::module::{Analysis, analyze};

/// Writes files into a temporary directory and analyses the first one (or the directory).
fn analyze_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Analysis) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let target: PathBuf = dir.path().join(files[0].0);
    let analysis = analyze(&[target], EvalOptions::default()).expect("input accepted");
    (dir, analysis)
}

fn analyze_dir(files: &[(&str, &str)]) -> (tempfile::TempDir, Analysis) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let analysis =
        analyze(&[dir.path().to_path_buf()], EvalOptions::default()).expect("input accepted");
    (dir, analysis)
}

fn roots(a: &Analysis) -> Vec<&RootReport> {
    a.extraction.systems.iter().flat_map(|s| &s.roots).collect()
}

/// The option node at a dotted path below a root (`services.borgbackup.jobs` + `home.paths`).
fn node<'a>(a: &'a Analysis, root: &str, path: &str) -> &'a OptionNode {
    let root = roots(a)
        .into_iter()
        .find(|r| r.option == root)
        .unwrap_or_else(|| panic!("root {root} not found"));
    let mut n = &root.value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        match n {
            OptionNode::Set { attrs, .. } => {
                n = attrs
                    .get(part)
                    .unwrap_or_else(|| panic!("{part} not found in {path}: {n:?}"))
            }
            other => panic!("not a set at {part}: {other:?}"),
        }
    }
    n
}

fn value<'a>(a: &'a Analysis, root: &str, path: &str) -> &'a LocatedValue {
    match node(a, root, path) {
        OptionNode::Value { value, .. } => value,
        other => panic!("{path} is not a value: {other:?}"),
    }
}

fn strings(v: &LocatedValue) -> Vec<String> {
    match v {
        LocatedValue::List { items, .. } => items
            .iter()
            .map(|i| match i {
                LocatedValue::String { value, .. } => value.clone(),
                other => panic!("not a string: {other:?}"),
            })
            .collect(),
        other => panic!("not a list: {other:?}"),
    }
}

fn string(v: &LocatedValue) -> String {
    match v {
        LocatedValue::String { value, .. } => value.clone(),
        other => panic!("not a string: {other:?}"),
    }
}

fn errors(a: &Analysis) -> Vec<String> {
    a.evaluator
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}

const JOBS: &str = "services.borgbackup.jobs";

#[test]
fn jobs_spread_over_files_merge_lists_in_order() {
    let (_d, a) = analyze_files(&[
        (
            "configuration.nix",
            "{ ... }: { imports = [ ./a.nix ./b.nix ]; services.borgbackup.jobs.home.exclude = [ \"/mid\" ]; }",
        ),
        (
            "a.nix",
            "{ lib, ... }: { services.borgbackup.jobs.home = { paths = [ \"/home\" ]; repo = \"/r\"; encryption.mode = \"none\"; exclude = lib.mkAfter [ \"/last\" ]; }; }",
        ),
        (
            "b.nix",
            "{ lib, ... }: { services.borgbackup.jobs.home.exclude = lib.mkBefore [ \"/first\" ]; services.borgbackup.jobs.home.paths = [ \"/etc\" ]; }",
        ),
    ]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(
        strings(value(&a, JOBS, "home.exclude")),
        ["/first", "/mid", "/last"]
    );
    let paths = strings(value(&a, JOBS, "home.paths"));
    assert_eq!(paths.len(), 2);
    assert!(paths.contains(&"/home".to_string()) && paths.contains(&"/etc".to_string()));
    let OptionNode::Value { definitions, .. } = node(&a, JOBS, "home.paths") else {
        panic!()
    };
    assert_eq!(definitions.len(), 2, "both files are named as definitions");
    let files: Vec<&str> = definitions
        .iter()
        .map(|l| Path::new(&l.file).file_name().unwrap().to_str().unwrap())
        .collect();
    assert!(files.contains(&"a.nix") && files.contains(&"b.nix"));
}

#[test]
fn priorities_resolve_force_over_plain_over_default() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ lib, ... }: { imports = [ ./other.nix ]; services.borgbackup.jobs.j.startAt = lib.mkDefault \"weekly\"; services.borgbackup.jobs.j.repo = \"/r\"; }",
        ),
        (
            "other.nix",
            "{ lib, ... }: { services.borgbackup.jobs.j.startAt = \"daily\"; services.borgbackup.jobs.j.compression = lib.mkOverride 10 \"zstd\"; services.borgbackup.jobs.j.compression2 = 1; }",
        ),
    ]);
    assert_eq!(string(value(&a, JOBS, "j.startAt")), "daily");
    assert_eq!(string(value(&a, JOBS, "j.compression")), "zstd");
    let (_d, a) = analyze_files(&[(
        "main.nix",
        "{ lib, ... }: { services.borgbackup.jobs.j.startAt = lib.mkMerge [ \"daily\" (lib.mkForce \"hourly\") ]; }",
    )]);
    assert_eq!(string(value(&a, JOBS, "j.startAt")), "hourly");
}

#[test]
fn force_on_the_jobs_set_replaces_other_definitions_of_jobs() {
    let (_d, a) = analyze_files(&[(
        "main.nix",
        "{ lib, ... }: { imports = [ { services.borgbackup.jobs.old.repo = \"/old\"; } ]; services.borgbackup.jobs = lib.mkForce { new.repo = \"/new\"; }; }",
    )]);
    let OptionNode::Set { attrs, .. } = node(&a, JOBS, "") else {
        panic!()
    };
    assert_eq!(attrs.keys().collect::<Vec<_>>(), ["new"]);
}

#[test]
fn mk_if_false_is_dropped_and_unknown_conditions_are_marked() {
    let (_d, a) = analyze_files(&[(
        "main.nix",
        r#"{ config, lib, ... }: {
          services.borgbackup.jobs.off = lib.mkIf false { repo = "/off"; };
          services.borgbackup.jobs.maybe = lib.mkIf config.services.tailscale.enable { repo = "/maybe"; };
          services.borgbackup.jobs.on = lib.mkIf (1 < 2) { repo = "/on"; };
        }"#,
    )]);
    let OptionNode::Set { attrs, .. } = node(&a, JOBS, "") else {
        panic!()
    };
    assert!(!attrs.contains_key("off"), "{attrs:?}");
    assert!(matches!(
        node(&a, JOBS, "maybe.repo"),
        OptionNode::Value {
            conditional: true,
            ..
        }
    ));
    assert!(matches!(
        node(&a, JOBS, "on.repo"),
        OptionNode::Value {
            conditional: false,
            ..
        }
    ));
}

#[test]
fn jobs_generated_with_map_attrs_and_gen_attrs() {
    let (_d, a) = analyze_files(&[(
        "main.nix",
        r#"{ lib, ... }:
        let
          targets = { nas = "ssh://nas/./b"; usb = "/mnt/usb/b"; };
          mk = name: repo: { inherit repo; paths = [ "/srv" ]; encryption.mode = "repokey"; encryption.passCommand = "cat /run/keys/${name}"; };
        in {
          services.borgbackup.jobs = lib.mapAttrs mk targets;
          services.restic.backups = lib.genAttrs [ "b2" "s3" ] (n: { repository = "${n}:bucket"; paths = [ "/home" ]; });
        }"#,
    )]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(string(value(&a, JOBS, "usb.repo")), "/mnt/usb/b");
    assert_eq!(
        string(value(&a, JOBS, "nas.encryption.passCommand")),
        "cat /run/keys/nas"
    );
    assert_eq!(
        string(value(&a, "services.restic.backups", "s3.repository")),
        "s3:bucket"
    );
}

#[test]
fn a_wrapper_module_is_read_back_through_config() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ ... }: { imports = [ ./wrapper.nix ]; my.backup.enable = true; my.backup.repo = \"ssh://b@host/./x\"; }",
        ),
        (
            "wrapper.nix",
            r#"{ config, lib, ... }:
            let cfg = config.my.backup; in {
              options.my.backup = {
                enable = lib.mkEnableOption "backups";
                repo = lib.mkOption { type = lib.types.str; };
                paths = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ "/etc" "/var/lib" ]; };
              };
              config = lib.mkIf cfg.enable {
                services.borgbackup.jobs.wrapped = { inherit (cfg) repo paths; encryption.mode = "none"; };
              };
            }"#,
        ),
    ]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(string(value(&a, JOBS, "wrapped.repo")), "ssh://b@host/./x");
    assert_eq!(
        strings(value(&a, JOBS, "wrapped.paths")),
        ["/etc", "/var/lib"]
    );
}

#[test]
fn home_manager_users_inside_a_nixos_module() {
    let (_d, a) = analyze_files(&[
        (
            "configuration.nix",
            r#"{ ... }: {
              home-manager.users.alice = import ./alice.nix;
              home-manager.users.bob = { programs.borgmatic.backups.b.location.repositories = [ "/mnt/b" ]; };
            }"#,
        ),
        (
            "alice.nix",
            r#"{ config, pkgs, ... }: {
              programs.borgmatic.enable = true;
              programs.borgmatic.backups.docs = {
                location.sourceDirectories = [ "${config.home.homeDirectory}/Documents" ];
                location.repositories = [ { path = "ssh://nas/./alice"; label = "nas"; } ];
                retention.keepDaily = 7;
              };
              services.borgmatic = { enable = true; frequency = "daily"; };
            }"#,
        ),
    ]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    let all = roots(&a);
    let alice: Vec<&&RootReport> = all
        .iter()
        .filter(|r| r.user.as_deref() == Some("alice"))
        .collect();
    assert_eq!(
        alice.len(),
        2,
        "programs.borgmatic and services.borgmatic for alice"
    );
    let programs = alice
        .iter()
        .find(|r| r.option == "programs.borgmatic")
        .unwrap();
    let OptionNode::Set { attrs, .. } = &programs.value else {
        panic!()
    };
    let OptionNode::Set { attrs: backups, .. } = &attrs["backups"] else {
        panic!()
    };
    let OptionNode::Set { attrs: docs, .. } = &backups["docs"] else {
        panic!()
    };
    let OptionNode::Set {
        attrs: location, ..
    } = &docs["location"]
    else {
        panic!()
    };
    let OptionNode::Value {
        value: LocatedValue::List { items, .. },
        ..
    } = &location["sourceDirectories"]
    else {
        panic!()
    };
    match &items[0] {
        LocatedValue::PartialString { parts, .. } => {
            assert!(
                matches!(&parts[0], StringPart::Unknown { unknown } if unknown == "config.home.homeDirectory")
            );
            assert!(matches!(&parts[1], StringPart::Text { text } if text == "/Documents"));
        }
        other => panic!("expected a partly known string, got {other:?}"),
    }
    assert!(
        all.iter()
            .any(|r| r.user.as_deref() == Some("bob") && r.option == "programs.borgmatic")
    );
}

#[test]
fn conflicting_definitions_name_both_places() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ ... }: { imports = [ ./two.nix ]; services.borgbackup.jobs.j.repo = \"/one\"; }",
        ),
        (
            "two.nix",
            "{ ... }: { services.borgbackup.jobs.j.repo = \"/two\"; }",
        ),
    ]);
    match node(&a, JOBS, "j.repo") {
        OptionNode::Conflict {
            definitions,
            message,
        } => {
            assert!(
                message.contains("services.borgbackup.jobs.j.repo"),
                "{message}"
            );
            assert_eq!(definitions.len(), 2);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Equal definitions are not a conflict.
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ ... }: { imports = [ ./two.nix ]; services.borgbackup.jobs.j.repo = \"/same\"; }",
        ),
        (
            "two.nix",
            "{ ... }: { services.borgbackup.jobs.j.repo = \"/same\"; }",
        ),
    ]);
    assert_eq!(string(value(&a, JOBS, "j.repo")), "/same");
}

#[test]
fn lines_options_join_definitions_with_newlines() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ lib, ... }: { imports = [ ./b.nix ]; services.borgbackup.jobs.j.preHook = lib.mkAfter \"echo last\"; }",
        ),
        (
            "b.nix",
            "{ ... }: { services.borgbackup.jobs.j.preHook = \"echo first\"; }",
        ),
    ]);
    assert_eq!(
        string(value(&a, JOBS, "j.preHook")),
        "echo first\necho last"
    );
}

#[test]
fn missing_imports_and_cycles_are_reported_not_fatal() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ ... }: { imports = [ ./gone.nix ./loop.nix ]; services.borgbackup.jobs.j.repo = \"/r\"; }",
        ),
        ("loop.nix", "{ ... }: { imports = [ ./main.nix ]; }"),
    ]);
    let codes: Vec<&str> = a.evaluator.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"missing-import"), "{codes:?}");
    assert!(codes.contains(&"import-cycle"), "{codes:?}");
    assert_eq!(string(value(&a, JOBS, "j.repo")), "/r");
}

#[test]
fn a_directory_is_split_into_systems_by_its_root_files() {
    let (_d, a) = analyze_dir(&[
        (
            "hosts/a/configuration.nix",
            "{ ... }: { imports = [ ../../common.nix ]; services.borgbackup.jobs.j.repo = \"/a\"; }",
        ),
        (
            "hosts/b/configuration.nix",
            "{ ... }: { imports = [ ../../common.nix ]; services.borgbackup.jobs.j.repo = \"/b\"; }",
        ),
        (
            "common.nix",
            "{ ... }: { services.borgbackup.jobs.j.paths = [ \"/etc\" ]; }",
        ),
    ]);
    assert_eq!(
        a.extraction.systems.len(),
        2,
        "two hosts, the shared module inside each"
    );
    assert!(a.extraction.systems.iter().all(|s| s.roots.len() == 1));
    assert!(
        errors(&a).is_empty(),
        "no conflict between hosts: {:?}",
        errors(&a)
    );
}

#[test]
fn files_imported_only_by_home_manager_users_are_not_systems_of_their_own() {
    let (_d, a) = analyze_dir(&[
        (
            "configuration.nix",
            "{ ... }: { home-manager.users.alice = { imports = [ ./home/alice.nix ]; }; \
             home-manager.users.bob = import ./home/bob.nix; }",
        ),
        (
            "home/alice.nix",
            "{ ... }: { programs.borgmatic.enable = true; }",
        ),
        (
            "home/bob.nix",
            "{ ... }: { services.borgmatic.frequency = \"hourly\"; }",
        ),
    ]);
    let names: Vec<&str> = a
        .extraction
        .systems
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names.len(), 1, "one system, the users inside it: {names:?}");
    let users: Vec<Option<&str>> = roots(&a).iter().map(|r| r.user.as_deref()).collect();
    assert_eq!(users, [Some("alice"), Some("bob")]);
}

#[test]
fn flake_outputs_are_read() {
    let (_d, a) = analyze_files(&[
        (
            "flake.nix",
            r#"{
              inputs.nixpkgs.url = "github:NixOS/nixpkgs";
              outputs = { self, nixpkgs, ... }: {
                nixosModules.backup = import ./backup.nix;
                nixosConfigurations.host = nixpkgs.lib.nixosSystem {
                  system = "x86_64-linux";
                  modules = [ self.nixosModules.backup ./host.nix ];
                };
              };
            }"#,
        ),
        (
            "backup.nix",
            "{ ... }: { services.borgbackup.jobs.j.paths = [ \"/srv\" ]; }",
        ),
        (
            "host.nix",
            "{ ... }: { services.borgbackup.jobs.j.repo = \"/host\"; }",
        ),
    ]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    let names: Vec<&str> = a
        .extraction
        .systems
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("#nixosConfigurations.host")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("#nixosModules.backup")),
        "{names:?}"
    );
    let host = a
        .extraction
        .systems
        .iter()
        .find(|s| s.name.ends_with("#nixosConfigurations.host"))
        .unwrap();
    let OptionNode::Set { attrs, .. } = &host.roots[0].value else {
        panic!()
    };
    let OptionNode::Set { attrs: j, .. } = &attrs["j"] else {
        panic!()
    };
    assert!(j.contains_key("paths") && j.contains_key("repo"), "{j:?}");
}

#[test]
fn flake_parts_modules_are_read() {
    let (_d, a) = analyze_files(&[(
        "flake.nix",
        r#"{ outputs = inputs: { flake.modules.nixos.backup = { services.restic.backups.r = { repository = "/r"; paths = [ "/x" ]; }; }; }; }"#,
    )]);
    assert_eq!(
        string(value(&a, "services.restic.backups", "r.repository")),
        "/r"
    );
}

#[test]
fn disabled_modules_are_left_out() {
    let (_d, a) = analyze_files(&[
        (
            "main.nix",
            "{ ... }: { imports = [ ./extra.nix ]; disabledModules = [ ./extra.nix ]; services.borgbackup.jobs.j.repo = \"/r\"; }",
        ),
        (
            "extra.nix",
            "{ ... }: { services.borgbackup.jobs.k.repo = \"/k\"; }",
        ),
    ]);
    let OptionNode::Set { attrs, .. } = node(&a, JOBS, "") else {
        panic!()
    };
    assert_eq!(attrs.keys().collect::<Vec<_>>(), ["j"]);
}

#[test]
fn bad_input_gets_one_line_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.nix");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("bin.nix");
    std::fs::write(&binary, [0u8, 1, 2, 0]).unwrap();
    let latin1 = dir.path().join("latin1.nix");
    std::fs::write(&latin1, [b'"', 0xe9, b'"']).unwrap();
    let nothing = dir.path().join("nothing");
    std::fs::create_dir(&nothing).unwrap();
    std::fs::write(nothing.join("README"), "x").unwrap();
    let looped = dir.path().join("loop");
    std::fs::create_dir(&looped).unwrap();
    std::os::unix::fs::symlink(&looped, looped.join("self")).unwrap();
    std::fs::write(looped.join("a.nix"), "{ }").unwrap();
    for (path, expected) in [
        (&empty, "an empty file"),
        (&binary, "a binary file"),
        (&latin1, "not valid UTF-8"),
        (&nothing, "no .nix files"),
        (&dir.path().join("absent.nix"), "no such file"),
        (&looped, "symlink loop"),
    ] {
        let err = analyze(std::slice::from_ref(path), EvalOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{path:?} accepted"));
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains(&*path.to_string_lossy()), "{message}");
        assert!(!message.contains('\n'));
    }
}

#[test]
fn unknowns_keep_what_is_known() {
    let (_d, a) = analyze_files(&[(
        "main.nix",
        r#"{ config, pkgs, ... }: {
          services.borgbackup.jobs.j = {
            paths = [ "/srv" pkgs.hello "/etc" ];
            repo = "ssh://b@${config.networking.hostName}.lan/./repo";
            dumpCommand = "${pkgs.postgresql}/bin/pg_dumpall";
          };
        }"#,
    )]);
    let LocatedValue::List { items, .. } = value(&a, JOBS, "j.paths") else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    assert!(matches!(&items[0], LocatedValue::String { value, .. } if value == "/srv"));
    assert!(
        matches!(&items[1], LocatedValue::Unknown { text, reason, .. } if text == "pkgs.hello" && *reason == "package")
    );
    assert!(matches!(&items[2], LocatedValue::String { value, .. } if value == "/etc"));
    match value(&a, JOBS, "j.repo") {
        LocatedValue::PartialString { parts, .. } => {
            assert!(matches!(&parts[0], StringPart::Text { text } if text == "ssh://b@"));
            assert!(
                matches!(&parts[1], StringPart::Unknown { unknown } if unknown == "config.networking.hostName")
            );
            assert!(matches!(&parts[2], StringPart::Text { text } if text == ".lan/./repo"));
        }
        other => panic!("{other:?}"),
    }
    let LocatedValue::PartialString { location, .. } = value(&a, JOBS, "j.dumpCommand") else {
        panic!()
    };
    assert_eq!(
        location.as_ref().map(|l| l.line),
        Some(5),
        "values keep the line they were written on"
    );
}
