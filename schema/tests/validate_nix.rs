//! Validation of Nix configurations against the typed models: each fixture is analysed like
//! `backix lint` does, and the findings of the validation checks are compared by code and line.

use std::path::PathBuf;

use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_schema::rule::Context;

/// (code, line, message, help) of every validation finding for one Nix file.
fn findings(text: &str) -> Vec<(String, u32, String, Option<String>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("configuration.nix");
    std::fs::write(&path, text).expect("write fixture");
    let analysis = analyze(&[path], EvalOptions::default()).expect("analysis");
    let cx = Context::new(&analysis.extraction, &[], &analysis.evaluator.sources);
    let mut out = Vec::new();
    for check in backix_schema::validate::checks() {
        check.check(&cx, &mut out);
    }
    out.into_iter()
        .map(|d| {
            let line = d
                .span
                .map(|s| analysis.evaluator.sources.location(s).line)
                .unwrap_or(0);
            (d.code.to_string(), line, d.message, d.help)
        })
        .collect()
}

fn codes_lines(text: &str) -> Vec<(String, u32)> {
    let mut v: Vec<_> = findings(text)
        .into_iter()
        .map(|(c, l, _, _)| (c, l))
        .collect();
    v.sort();
    v
}

#[test]
fn a_valid_full_job_has_no_finding() {
    let text = r#"{ config, lib, pkgs, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" "/etc" ];
    repo = "borg@host:.";
    encryption = { mode = "repokey-blake2"; passCommand = "cat /run/keys/borg"; };
    compression = "auto,zstd,10";
    startAt = [ "daily" "*-*-* 12:00" ];
    prune.keep = { within = "1d"; daily = 7; weekly = 4; monthly = -1; };
    extraCreateArgs = "--stats";
    extraArgs = [ "--lock-wait" "600" ];
    exclude = [ "/home/*/.cache" ];
    environment.BORG_RSH = "ssh -i /root/key";
    readWritePaths = [ /var/backup ];
    archiveBaseName = null;
    createCommand = "create";
    failOnWarnings = false;
    postHook = "echo done";
  };
  services.borgbackup.repos.laptop = { authorizedKeys = [ "ssh-ed25519 AAAA x" ]; quota = ".5G"; path = "/data/borg"; };
  services.restic.backups.home = {
    paths = [ "/home" ]; repository = "/backup"; passwordFile = "/run/pw";
    timerConfig = { OnCalendar = "daily"; Persistent = true; RandomizedDelaySec = "1h"; };
    progressFps = 0.5; pruneOpts = [ "--keep-daily 7" ];
  };
  services.borgmatic = {
    enable = true;
    settings = { source_directories = [ "/home" ]; repositories = [ { path = "/b"; label = "b"; } ]; keep_daily = 7; };
  };
}
"#;
    assert_eq!(findings(text), Vec::new());
}

#[test]
fn type_errors_name_the_nix_type_and_the_line() {
    let text = r#"{
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/backup";
    encryption.mode = "none";
    doInit = "yes";
    exclude = [ 1 ];
    startAt = 5;
    archiveBaseName = 3;
  };
}
"#;
    let all = findings(text);
    let get = |line: u32| {
        all.iter()
            .find(|f| f.1 == line)
            .unwrap_or_else(|| panic!("no finding on line {line}: {all:#?}"))
    };
    assert_eq!(get(6).0, "BX001");
    assert!(
        get(6)
            .2
            .contains("expected a boolean (`bool`), found a string"),
        "{}",
        get(6).2
    );
    assert_eq!(get(7).0, "BX001");
    assert!(
        get(7)
            .2
            .contains("expected a string (`str`), found an integer")
    );
    assert_eq!(get(8).0, "BX001");
    assert!(
        get(8)
            .2
            .contains("expected a string or a list (`either str (listOf str)`), found an integer"),
        "{}",
        get(8).2
    );
    assert_eq!(get(9).0, "BX001");
    assert!(get(9).2.contains("`nullOr (strMatching"), "{}", get(9).2);
    assert_eq!(all.len(), 4, "{all:#?}");
}

/// `types.str` checks `isString`, which a path literal fails; `types.path` and the YAML type take
/// both, and a path interpolated into a string is a string.
#[test]
fn nix_paths_are_type_errors_where_the_option_wants_a_string() {
    let text = r#"{
  services.borgbackup.jobs.home = {
    paths = [ /home "/etc" ];
    repo = /backup;
    encryption.mode = "none";
    exclude = [ /home/alice/.cache ];
    environment.BORG_RSH = /run/ssh;
    readWritePaths = [ /var/backup ];
    dumpCommand = null;
  };
  services.borgbackup.jobs.single = {
    paths = /srv;
    repo = "${/backup}/single";
    encryption.mode = "none";
  };
  services.restic.backups.r = {
    repository = /srv/restic;
    passwordFile = "/run/keys/restic";
    paths = [ "/etc" ];
    rcloneConfigFile = /etc/rclone.conf;
  };
  services.borgbackup.repos.r = { path = /var/lib/borg; authorizedKeys = [ ]; };
}
"#;
    let mut all = findings(text);
    all.sort_by_key(|f| f.1);
    let lines: Vec<u32> = all.iter().map(|f| f.1).collect();
    assert_eq!(lines, vec![3, 4, 6, 7, 12, 17], "{all:#?}");
    for f in &all {
        assert_eq!(f.0, "BX001", "{f:#?}");
        assert!(f.2.contains("found a path"), "{}", f.2);
        assert!(
            f.3.as_deref()
                .unwrap_or("")
                .contains("write it as a string"),
            "{f:?}"
        );
    }
    assert!(
        all[0]
            .2
            .contains("`services.borgbackup.jobs.home.paths[0]`"),
        "{}",
        all[0].2
    );
    assert!(
        all[1].2.contains("expected a string (`str`)"),
        "{}",
        all[1].2
    );
}

#[test]
fn unknown_options_are_reported_with_a_suggestion() {
    let text = r#"{
  services.borgbackup.jobs.home = {
    paths = "/home";
    repo = "/backup";
    encryption.mode = "none";
    compresion = "lz4";
    passCommand = "cat /key";
  };
}
"#;
    let all = findings(text);
    let typo = all.iter().find(|f| f.1 == 6).expect("typo reported");
    assert_eq!(typo.0, "BX002");
    assert_eq!(typo.3.as_deref(), Some("did you mean `compression`?"));
    let misplaced = all.iter().find(|f| f.1 == 7).expect("misplaced reported");
    assert_eq!(misplaced.0, "BX002");
    assert_eq!(
        misplaced.3.as_deref(),
        Some("did you mean `encryption.passCommand`?")
    );
    assert_eq!(all.len(), 2, "{all:#?}");
}

#[test]
fn enum_and_pattern_violations_are_invalid_values() {
    let text = r#"{
  services.borgbackup.jobs.home = {
    paths = "/home";
    repo = "/backup";
    encryption.mode = "aes";
    compression = "zstd,255";
    prune.keep.daily = "7x";
    dumpCommand = null;
    readWritePaths = [ "relative/dir" ];
  };
  services.borgbackup.repos.r.quota = "100 GB";
}
"#;
    assert_eq!(
        codes_lines(text),
        vec![
            ("BX003".into(), 5),
            ("BX003".into(), 6),
            ("BX003".into(), 7),
            ("BX003".into(), 9),
            ("BX003".into(), 11),
        ]
    );
    let all = findings(text);
    let mode = all.iter().find(|f| f.1 == 5).unwrap();
    assert!(mode.3.as_deref().unwrap().contains("`repokey-blake2`"));
    let compression = all.iter().find(|f| f.1 == 6).unwrap();
    assert!(compression.2.contains("`zstd,255`"), "{}", compression.2);
    assert!(compression.3.as_deref().unwrap().contains("`auto,`"));
}

#[test]
fn missing_options_without_default_are_reported() {
    let text = r#"{
  services.borgbackup.jobs.home = {
    paths = "/home";
  };
}
"#;
    let all = findings(text);
    let mut names: Vec<&str> = all.iter().map(|f| f.2.as_str()).collect();
    names.sort();
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(all.iter().all(|f| f.0 == "BX004" && f.1 == 2), "{all:#?}");
    assert!(names[0].contains("`services.borgbackup.jobs.home.encryption.mode`"));
    assert!(names[1].contains("`services.borgbackup.jobs.home.repo`"));
}

#[test]
fn nothing_is_missing_when_a_module_could_not_be_read() {
    for imports in [
        "[ ./secrets/borg.nix ]",
        "[ inputs.private.nixosModules.backup ]",
    ] {
        let text = format!(
            "{{ inputs, ... }}: {{\n  imports = {imports};\n  services.borgbackup.jobs.home.paths = \"/home\";\n  services.borgbackup.jobs.home.doInit = \"yes\";\n}}\n"
        );
        let codes: Vec<String> = findings(&text).into_iter().map(|f| f.0).collect();
        assert_eq!(
            codes,
            ["BX001"],
            "{imports}: only the type error, nothing missing"
        );
    }
}

#[test]
fn unknowns_are_never_reported() {
    let text = r#"{ config, pkgs, lib, ... }: {
  services.borgbackup.jobs.a = {
    repo = config.foo.bar;
    paths = [ "${config.x}/a" ];
    encryption = config.enc;
    doInit = config.y;
    compression = "auto,${config.level}";
  };
  services.borgbackup.jobs.b = pkgs.makeJob { name = "b"; };
  services.restic.backups = config.generated;
}
"#;
    assert_eq!(findings(text), Vec::new());
}

#[test]
fn conflicting_definitions_label_every_definition() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("configuration.nix"),
        "{ imports = [ ./b.nix ];\n  services.borgbackup.jobs.j = { paths = \"/a\"; encryption.mode = \"none\";\n    repo = \"/one\"; };\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.nix"),
        "{\n  services.borgbackup.jobs.j.repo = \"/two\";\n}\n",
    )
    .unwrap();
    let analysis = analyze(
        &[dir.path().join("configuration.nix")],
        EvalOptions::default(),
    )
    .expect("analysis");
    let cx = Context::new(&analysis.extraction, &[], &analysis.evaluator.sources);
    let mut out = Vec::new();
    for check in backix_schema::validate::checks() {
        check.check(&cx, &mut out);
    }
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(out[0].code, "BX005");
    let mut lines: Vec<(String, u32)> = out[0]
        .labels
        .iter()
        .map(|l| {
            let loc = analysis.evaluator.sources.location(l.span);
            (loc.file.rsplit('/').next().unwrap().to_string(), loc.line)
        })
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            ("b.nix".to_string(), 2),
            ("configuration.nix".to_string(), 3)
        ]
    );
}

#[test]
fn home_manager_roots_are_checked_with_the_user_in_the_name() {
    let text = r#"{
  home-manager.users.alice = {
    programs.borgmatic.backups.main = {
      location.sourceDirectories = [ "/home/alice" ];
      location.repositories = [ { path = "/b"; lable = "x"; } ];
      retention.keepDaily = "7";
      consistency.checks = [ { name = "everything"; frequency = "2 weeks"; } ];
    };
    services.borgmatic.frequency = true;
  };
}
"#;
    let all = findings(text);
    let codes: Vec<(String, u32)> = {
        let mut v: Vec<_> = all.iter().map(|f| (f.0.clone(), f.1)).collect();
        v.sort();
        v
    };
    assert_eq!(
        codes,
        vec![
            ("BX001".into(), 6),
            ("BX001".into(), 9),
            ("BX002".into(), 5),
            ("BX003".into(), 7),
        ],
        "{all:#?}"
    );
    assert!(
        all.iter()
            .all(|f| f.2.contains("home-manager.users.alice.")),
        "{all:#?}"
    );
}
