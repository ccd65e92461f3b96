//! Every lint of `backix_schema::lints` on a configuration it must report (the expected lines
//! are marked `# <-` in the fixture) and on the fixed configuration (nothing reported), plus
//! fixtures with unknown values that must keep a lint silent. Fixtures are real-shaped NixOS and
//! home-manager modules, analysed by the real front end.

use std::collections::BTreeSet;
use std::path::PathBuf;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::eval::EvalOptions;
use backix_parser::module::{Analysis, analyze};
use backix_schema::rule::{Context, Kind};

/// The marker of a line a lint must report.
const MARK: &str = "# <-";

struct Run {
    _dir: tempfile::TempDir,
    analysis: Analysis,
    found: Vec<Diagnostic>,
}

/// Analyses the files (the first is the configuration, the others are imported or read by it)
/// and runs the lint `code`.
fn run_files(code: &str, files: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths: Vec<PathBuf> = Vec::new();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write fixture");
        paths.push(path);
    }
    let analysis = analyze(&paths[..1], EvalOptions::default()).expect("analyze");
    let check = backix_schema::lints::checks()
        .into_iter()
        .find(|c| c.rule().code == code)
        .unwrap_or_else(|| panic!("no lint {code}"));
    let cx = Context::new(&analysis.extraction, &[], &analysis.evaluator.sources);
    let mut found = Vec::new();
    check.check(&cx, &mut found);
    for d in &found {
        assert_eq!(d.code, code, "{d:?}");
    }
    Run {
        _dir: dir,
        analysis,
        found,
    }
}

fn run(code: &str, nix: &str) -> Run {
    run_files(code, &[("configuration.nix", nix)])
}

impl Run {
    /// The lines of the findings in the configuration file.
    fn lines(&self) -> Vec<usize> {
        self.found
            .iter()
            .map(|d| {
                let span = d.span.unwrap_or_else(|| panic!("no span: {d:?}"));
                self.analysis.evaluator.sources.location(span).line as usize
            })
            .collect()
    }
}

/// The lint reports exactly the marked lines of the configuration (once each).
fn reports(code: &str, nix: &str) -> Run {
    reports_files(code, &[("configuration.nix", nix)])
}

fn reports_files(code: &str, files: &[(&str, &str)]) -> Run {
    let r = run_files(code, files);
    let mut expected: Vec<usize> = files
        .iter()
        .flat_map(|(_, text)| text.lines().enumerate())
        .filter(|(_, l)| l.contains(MARK))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(!expected.is_empty(), "fixture has no {MARK} marker");
    expected.sort();
    expected.dedup();
    let mut got = r.lines();
    got.sort();
    got.dedup();
    assert_eq!(got, expected, "{code}: findings {:#?}", r.found);
    for d in &r.found {
        assert!(d.help.is_some(), "{code}: no help: {d:?}");
        assert!(!d.message.is_empty());
    }
    r
}

/// The lint reports nothing.
fn silent(code: &str, nix: &str) {
    let r = run(code, nix);
    assert!(r.found.is_empty(), "{code}: unexpected {:#?}", r.found);
    assert!(
        !r.analysis
            .extraction
            .systems
            .iter()
            .all(|s| s.roots.is_empty()),
        "{code}: the fixture sets no backup option at all"
    );
}

/// No finding shows `secret`, every finding marks a secret span, and one of them covers it.
fn hides(r: &Run, secret: &str) {
    assert!(!r.found.is_empty());
    let sources = &r.analysis.evaluator.sources;
    assert!(
        r.found
            .iter()
            .flat_map(|d| &d.secrets)
            .any(|s| sources.text(*s).contains(secret)),
        "no secret span covers the secret: {:#?}",
        r.found
    );
    for d in &r.found {
        let mut shown = vec![d.message.clone()];
        shown.extend(d.labels.iter().map(|l| l.message.clone()));
        shown.extend(d.notes.iter().cloned());
        shown.extend(d.help.iter().cloned());
        for text in shown {
            assert!(!text.contains(secret), "secret shown in {text:?}");
        }
        assert!(!d.secrets.is_empty(), "secret span not marked: {d:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Rules

#[test]
fn every_lint_is_documented_and_in_range() {
    let mut codes = BTreeSet::new();
    let checks = backix_schema::lints::checks();
    assert!(checks.len() >= 24, "only {} lints", checks.len());
    for check in checks {
        let rule = check.rule();
        assert_eq!(rule.kind, Kind::Lint, "{}", rule.code);
        let n: u32 = rule.code[2..].parse().expect("numeric code");
        assert!(
            rule.code.starts_with("BX") && (100..150).contains(&n),
            "{}",
            rule.code
        );
        assert!(codes.insert(rule.code), "duplicate {}", rule.code);
        for (what, text) in [
            ("name", rule.name),
            ("summary", rule.summary),
            ("why", rule.why),
            ("bad", rule.bad),
            ("good", rule.good),
            ("fix", rule.fix),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {what}", rule.code);
        }
        assert_ne!(rule.bad, rule.good, "{}", rule.code);
        assert!(rule.why.len() > 80, "{}: `why` too short", rule.code);
        assert!(
            backix_schema::registry::find(rule.code).is_some(),
            "{} not in the registry",
            rule.code
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets

#[test]
fn bx100_passphrase_in_store() {
    let r = reports(
        "BX100",
        r#"{ config, lib, pkgs, ... }:
let
  borgPass = "tr0ub4dor&3";
in {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = { mode = "repokey-blake2"; passphrase = borgPass; }; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "repokey";
    encryption.passphrase = builtins.readFile ./borg-pass; # <-
  };
}"#,
    );
    hides(&r, "tr0ub4dor");
    silent(
        "BX100",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = { mode = "repokey-blake2"; passCommand = "cat /run/secrets/borg"; };
  };
  # unknown: could be anything, even null
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption = { mode = "repokey"; passphrase = config.my.borgPassphrase; };
  };
  services.borgbackup.jobs.tmp = {
    paths = [ "/tmp" ];
    repo = "/mnt/backup/tmp";
    encryption = { mode = "none"; passphrase = null; };
  };
}"#,
    );
}

#[test]
fn bx101_secret_in_environment() {
    let r = reports(
        "BX101",
        r#"{ config, lib, pkgs, ... }: {
  services.borgbackup.jobs.s3 = lib.mkIf config.services.backup.enable {
    paths = [ "/srv" ];
    repo = "/mnt/backup/s3";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment = {
      BORG_RSH = "ssh -i /etc/ssh/borg";
      AWS_ACCESS_KEY_ID = "AKIAEXAMPLE";
      AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCY"; # <-
    };
    environment.BORG_PASSPHRASE = "hunter2hunter2"; # <-
  };
}"#,
    );
    hides(&r, "wJalrXUtnFEMIK7MDENGbPxRfiCY");
    silent(
        "BX101",
        r#"{ config, lib, ... }: {
  services.borgbackup.jobs.s3 = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/s3";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment = {
      BORG_RSH = "ssh -i /etc/ssh/borg";
      BORG_PASSCOMMAND = "cat /run/secrets/borg";
      AWS_ACCESS_KEY_ID = "AKIAEXAMPLE";
      B2_ACCOUNT_KEY = config.my.b2Key;
    };
  };
  services.borgbackup.jobs.other = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
    environment = config.my.borgEnv;
  };
}"#,
    );
}

#[test]
fn bx102_rclone_secret() {
    let r = reports(
        "BX102",
        r#"{ config, ... }: {
  services.restic.backups.box = {
    repository = "rclone:box:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    rcloneConfig = {
      type = "sftp";
      host = "box.example.org";
      user = "backup";
      pass = "hYq0bF2zJ4sLkPq"; # <-
    };
    rcloneOptions.sftp-pass = "zZ9yY8xX7"; # <-
  };
}"#,
    );
    hides(&r, "hYq0bF2zJ4sLkPq");
    silent(
        "BX102",
        r#"{ config, ... }: {
  services.restic.backups.box = {
    repository = "rclone:box:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    rcloneConfig = {
      type = "sftp";
      host = "box.example.org";
      key_file = "/run/secrets/box-key";
      pass = config.my.obscured;
      one_file_system = true;
    };
  };
}"#,
    );
}

#[test]
fn bx103_secret_file_in_store() {
    let r = reports_files(
        "BX103",
        &[
            (
                "configuration.nix",
                r#"{ config, pkgs, ... }: {
  services.restic.backups.home = {
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = ./restic-password; # <-
    environmentFile = pkgs.writeText "restic-env" "B2_ACCOUNT_KEY=K005secretvalue"; # <-
    rcloneConfigFile = "${pkgs.writeText "rclone.conf" "pass = abc"}"; # <-
    paths = [ "/home" ];
  };
}"#,
            ),
            ("restic-password", "correct horse\n"),
        ],
    );
    // The writeText text is the secret: marked, never shown.
    let writes: Vec<&Diagnostic> = r.found.iter().filter(|d| !d.secrets.is_empty()).collect();
    assert_eq!(writes.len(), 2);
    let sources = &r.analysis.evaluator.sources;
    for d in writes {
        assert!(!d.message.contains("K005") && d.notes.iter().all(|n| !n.contains("K005")));
        assert!(!d.message.contains("pass = abc"));
        assert!(
            d.secrets
                .iter()
                .any(|s| sources.text(*s).contains("writeText"))
        );
    }
    silent(
        "BX103",
        r#"{ config, ... }: {
  services.restic.backups.home = {
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = "/run/secrets/restic-password";
    environmentFile = config.age.secrets.restic-env.path;
    repositoryFile = toString ./not-copied;
    paths = [ "/home" ];
  };
}"#,
    );
}

#[test]
fn bx104_pass_command_reads_store() {
    let r = reports_files(
        "BX104",
        &[
            (
                "configuration.nix",
                r#"{ config, pkgs, ... }: {
  imports = [ ./home.nix ];
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${./borg-passphrase}"; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:etc";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${pkgs.writeText "pw" "s3kr1tpassw0rd"}"; # <-
  };
}"#,
            ),
            (
                "home.nix",
                r#"{ pkgs, ... }: {
  home-manager.users.alice = {
    programs.borgmatic.enable = true;
    programs.borgmatic.backups.docs = {
      location.sourceDirectories = [ "/home/alice/docs" ];
      location.repositories = [ "/mnt/usb/borg" ];
      storage.encryptionPasscommand = "cat /nix/store/0ab1-pw"; # <-
    };
  };
}"#,
            ),
            ("borg-passphrase", "x\n"),
        ],
    );
    hides(&r, "s3kr1tpassw0rd");
    silent(
        "BX104",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat ${config.age.secrets.borg.path}";
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "borg@nas:etc";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
}"#,
    );
}

#[test]
fn bx105_password_in_repository_url() {
    let r = reports(
        "BX105",
        r#"{ config, ... }:
let server = "rest.example.org"; in {
  services.restic.backups.home = {
    repository = "rest:https://backup:Pa55w0rdXYZ@${server}/home"; # <-
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}"#,
    );
    hides(&r, "Pa55w0rdXYZ");
    silent(
        "BX105",
        r#"{ config, ... }: {
  services.restic.backups.home = {
    repository = "rest:https://backup@rest.example.org:8000/home";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  services.restic.backups.other = {
    repository = config.my.repoUrl;
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
  };
}"#,
    );
}

#[test]
fn bx107_passphrase_ignored() {
    let r = reports(
        "BX107",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = {
      mode = "repokey-blake2";
      passCommand = "cat /run/secrets/borg";
      passphrase = "the-one-in-my-manager"; # <-
    };
  };
}"#,
    );
    hides(&r, "the-one-in-my-manager");
    assert_eq!(r.found[0].labels.len(), 1);
    silent(
        "BX107",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption = {
      mode = "repokey-blake2";
      passCommand = "cat /run/secrets/borg";
      passphrase = config.my.maybeNull;
    };
  };
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Retention

#[test]
fn bx110_borg_no_retention() {
    reports(
        "BX110",
        r#"{ config, lib, ... }:
let
  mkJob = name: path: {
    paths = [ path ];
    repo = "/mnt/backup/${name}";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
in {
  services.borgbackup.jobs = lib.mapAttrs mkJob {
    home = "/home"; # <-
    srv = "/srv"; # <-
  } // {
    weekly = (mkJob "weekly" "/var") // { startAt = "weekly"; }; # <-
  };
}"#,
    );
    silent(
        "BX110",
        r#"{ config, lib, ... }: {
  services.borgbackup.jobs = {
    manual = {
      paths = [ "/home" ];
      repo = "/mnt/backup/manual";
      encryption.mode = "none";
      startAt = [ ];
    };
    pruned = {
      paths = [ "/home" ];
      repo = "/mnt/backup/pruned";
      encryption.mode = "none";
      prune.keep = { daily = 7; weekly = 4; };
    };
    unknown = {
      paths = [ "/srv" ];
      repo = "/mnt/backup/unknown";
      encryption.mode = "none";
      prune.keep = config.my.keep;
    };
    # prune.keep under an unknown condition counts as set
    conditional = {
      paths = [ "/var" ];
      repo = "/mnt/backup/conditional";
      encryption.mode = "none";
      prune.keep = lib.mkIf config.my.prune { daily = 7; };
    };
  };
}"#,
    );
}

#[test]
fn bx110_covered_by_another_jobs_prune() {
    // `all` prunes every archive of the shared repository (prefix ""), so `home` is covered.
    silent(
        "BX110",
        r#"{ ... }: {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      repo = "/mnt/backup/shared";
      encryption.mode = "none";
    };
    all = {
      paths = [ "/etc" ];
      repo = "/mnt/backup/shared";
      encryption.mode = "none";
      prune.prefix = "";
      prune.keep.daily = 7;
    };
  };
}"#,
    );
}

#[test]
fn bx111_restic_no_retention() {
    reports(
        "BX111",
        r#"{ ... }: {
  services.restic.backups.home = { # <-
    repository = "sftp:backup@nas:/srv/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  services.restic.backups.db = {
    repository = "/mnt/backup/db";
    passwordFile = "/run/secrets/restic";
    command = [ "pg_dumpall" ];
    timerConfig = { OnCalendar = "hourly"; Persistent = true; };
    pruneOpts = [ ]; # <-
  };
}"#,
    );
    silent(
        "BX111",
        r#"{ config, ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
  # a prune-only job on the same repository, as in the upstream test
  services.restic.backups.prune = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    pruneOpts = [ "--keep-daily 7" ];
  };
  services.restic.backups.manual = {
    repository = "/mnt/backup/manual";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    timerConfig = null;
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/unknown";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var" ];
    pruneOpts = config.my.pruneOpts;
  };
}"#,
    );
}

#[test]
fn bx112_restic_forget_without_policy() {
    reports(
        "BX112",
        r#"{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    pruneOpts = [ "--prune" "--group-by host" ]; # <-
  };
}"#,
    );
    silent(
        "BX112",
        r#"{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    pruneOpts = [ "--keep-daily 7" "--keep-weekly=5" ];
  };
  services.restic.backups.short = {
    repository = "/mnt/backup/restic2";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "-l" "3" ];
  };
}"#,
    );
}

/// `restic forget --prune` without a keep option removes nothing (the fact BX112 rests on).
#[test]
fn bx112_restic_oracle() {
    let restic = which("restic");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("f"), "x").unwrap();
    let restic_cmd = |args: &[&str]| {
        let out = std::process::Command::new(&restic)
            .arg("-r")
            .arg(&repo)
            .args(args)
            .env("RESTIC_PASSWORD", "test")
            .output()
            .expect("run restic");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    restic_cmd(&["init"]);
    restic_cmd(&["backup", data.to_str().unwrap()]);
    restic_cmd(&["backup", data.to_str().unwrap()]);
    restic_cmd(&["forget", "--prune", "--group-by", "host"]);
    let list = restic_cmd(&["snapshots", "--json"]);
    assert_eq!(list.matches("\"short_id\"").count(), 2, "{list}");
    restic_cmd(&["forget", "--prune", "--keep-last", "1"]);
    let list = restic_cmd(&["snapshots", "--json"]);
    assert_eq!(list.matches("\"short_id\"").count(), 1, "{list}");
}

fn which(tool: &str) -> PathBuf {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{tool} is not installed: run scripts/setup"))
}

#[test]
fn bx113_short_retention() {
    reports(
        "BX113",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
    prune.keep = { within = "2d"; daily = 3; }; # <-
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "--keep-hourly 24" "--keep-daily=2" ]; # <-
  };
}"#,
    );
    silent(
        "BX113",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
    prune.keep = { daily = 3; weekly = 4; };
  };
  services.borgbackup.jobs.forever = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
    prune.keep = { daily = 1; monthly = -1; };
  };
  services.borgbackup.jobs.last = {
    paths = [ "/var" ];
    repo = "/mnt/backup/var";
    encryption.mode = "none";
    prune.keep = { last = 3; };
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
    prune.keep = { daily = config.my.days; };
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    pruneOpts = [ "--keep-within 30d" ];
  };
}"#,
    );
}

#[test]
fn bx114_prune_prefix_overlap() {
    let r = reports(
        "BX114",
        r#"{ config, lib, ... }:
let
  common = {
    repo = "borg@nas.example.org:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -i /etc/ssh/borg";
  };
in {
  services.borgbackup.jobs = {
    home = common // {
      paths = [ "/home" ];
      prune.keep.daily = 7; # <-
    };
    home-extra = common // {
      paths = [ "/srv/extra" ];
      prune.keep.monthly = 12;
    };
    all = common // {
      paths = [ "/etc" ];
      prune.prefix = null; # <-
      prune.keep.weekly = 4;
    };
  };
}"#,
    );
    // `all` matches both other jobs: one finding per pair.
    assert_eq!(r.found.len(), 3, "{:#?}", r.found);
    assert!(r.found.iter().all(|d| d.labels.len() == 1));
    silent(
        "BX114",
        r#"{ config, ... }:
let
  common = {
    repo = "borg@nas.example.org:backups";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
in {
  services.borgbackup.jobs = {
    home = common // {
      paths = [ "/home" ];
      prune.prefix = "${config.networking.hostName}-home-";
      prune.keep.daily = 7;
    };
    extra = common // {
      paths = [ "/srv/extra" ];
      prune.keep.monthly = 12;
    };
    # another repository
    homes = {
      paths = [ "/home" ];
      repo = "/mnt/local";
      encryption.mode = "none";
      prune.keep.daily = 7;
    };
    # unknown prefix: maybe anything
    other = common // {
      paths = [ "/opt" ];
      prune.prefix = config.my.prefix;
      prune.keep.daily = 7;
    };
  };
}"#,
    );
}

#[test]
fn bx115_prune_prefix_misses_archives() {
    reports(
        "BX115",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    archiveBaseName = "laptop-home";
    encryption.mode = "none";
    prune.prefix = "home-"; # <-
    prune.keep.daily = 7;
  };
}"#,
    );
    silent(
        "BX115",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    archiveBaseName = "laptop-home";
    encryption.mode = "none";
    prune.prefix = "laptop-";
    prune.keep.daily = 7;
  };
  # default base name `<host>-srv`: the prefix may match, depending on the host name
  services.borgbackup.jobs.srv = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
    prune.prefix = "myhost-srv";
    prune.keep.daily = 7;
  };
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Repositories and connections

#[test]
fn bx116_mixed_encryption_modes() {
    reports(
        "BX116",
        r#"{ ... }:
let repo = "borg@nas:backups"; in {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      inherit repo;
      encryption.mode = "repokey-blake2"; # <-
      encryption.passCommand = "cat /run/secrets/borg";
    };
    etc = {
      paths = [ "/etc" ];
      inherit repo;
      encryption.mode = "none";
    };
  };
}"#,
    );
    silent(
        "BX116",
        r#"{ config, ... }: {
  services.borgbackup.jobs = {
    home = {
      paths = [ "/home" ];
      repo = "borg@nas:home";
      encryption.mode = "repokey-blake2";
      encryption.passCommand = "cat /run/secrets/borg";
    };
    etc = {
      paths = [ "/etc" ];
      repo = "borg@nas:etc";
      encryption.mode = "none";
    };
    srv = {
      paths = [ "/srv" ];
      repo = "borg@nas:home";
      encryption.mode = config.my.mode;
    };
  };
}"#,
    );
}

#[test]
fn bx117_remote_repo_without_ssh_identity() {
    reports(
        "BX117",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas.example.org:home"; # <-
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
  services.borgbackup.jobs.srv = {
    paths = [ "/srv" ];
    repo = "ssh://borg@${config.my.host}:2222/./srv";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -o ServerAliveInterval=60"; # <-
  };
}"#,
    );
    silent(
        "BX117",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas.example.org:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -i /etc/ssh/borg_ed25519";
  };
  services.borgbackup.jobs.local = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/var" ];
    repo = "borg@nas.example.org:var";
    encryption.mode = "none";
    environment.BORG_RSH = config.my.rsh;
  };
  services.borgbackup.jobs.unknownRepo = {
    paths = [ "/opt" ];
    repo = config.my.repo;
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx118_host_key_checking_off() {
    reports(
        "BX118",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -oStrictHostKeyChecking=no -i /root/id_ed25519"; # <-
  };
  services.restic.backups.sftp = {
    repository = "sftp:alice@sftp:backups";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    extraOptions = [
      "sftp.command='ssh alice@sftp -o UserKnownHostsFile=/dev/null -s sftp'" # <-
    ];
  };
}"#,
    );
    silent(
        "BX118",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
    environment.BORG_RSH = "ssh -o StrictHostKeyChecking=yes -i /root/id_ed25519";
  };
}"#,
    );
}

#[test]
fn bx119_unencrypted_remote_repo() {
    reports(
        "BX119",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "u123456@u123456.your-storagebox.de:home";
    encryption.mode = "none"; # <-
  };
  services.borgbackup.jobs.etc = {
    paths = [ "/etc" ];
    repo = "ssh://u123456@u123456.your-storagebox.de:23/./etc";
    encryption.mode = "authenticated-blake2"; # <-
  };
}"#,
    );
    silent(
        "BX119",
        r#"{ ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/usb/borg";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "u123456@u123456.your-storagebox.de:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
}"#,
    );
}

#[test]
fn bx120_keyfile_only_on_host() {
    reports(
        "BX120",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "keyfile-blake2"; # <-
    encryption.passCommand = "cat /run/secrets/borg";
  };
}"#,
    );
    silent(
        "BX120",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "borg@nas:home";
    encryption.mode = "repokey-blake2";
    encryption.passCommand = "cat /run/secrets/borg";
  };
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// What is backed up

#[test]
fn bx121_quoted_exclude() {
    reports(
        "BX121",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    exclude = [
      "/home/*/.local/share/Trash"
      "'/home/*/.cache'" # <-
      "sh:\"**/node_modules\"" # <-
    ];
    patterns = [ "- '/home/*/Downloads'" ]; # <-
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    exclude = [ "'*.iso'" ]; # <-
  };
}"#,
    );
    silent(
        "BX121",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    exclude = [ "/home/*/.cache" "*/don't-back-up" config.my.exclude ];
    patterns = [ "+ /home/alice" "- /home/*" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx122_dump_command_with_arguments() {
    reports(
        "BX122",
        r#"{ config, pkgs, ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "${config.services.postgresql.package}/bin/pg_dumpall -U postgres"; # <-
    repo = "/mnt/backup/postgres";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.mysql = {
    dumpCommand = "/run/current-system/sw/bin/mysqldump --all-databases | gzip"; # <-
    repo = "/mnt/backup/mysql";
    encryption.mode = "none";
  };
}"#,
    );
    silent(
        "BX122",
        r#"{ config, pkgs, ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = pkgs.writeShellScript "dump-postgres" ''
      ${config.services.postgresql.package}/bin/pg_dumpall -U postgres
    '';
    repo = "/mnt/backup/postgres";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.zfs = {
    dumpCommand = "/etc/backup/zfs-send.sh";
    repo = "/mnt/backup/zfs";
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx123_relative_backup_path() {
    reports(
        "BX123",
        r#"{ ... }: {
  services.borgbackup.jobs.docs = {
    paths = [
      "/home/alice/Music"
      "~/Documents" # <-
    ];
    repo = "/mnt/backup/docs";
    encryption.mode = "none";
  };
  services.restic.backups.docs = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "$HOME/Pictures" ]; # <-
  };
}"#,
    );
    silent(
        "BX123",
        r#"{ config, ... }: {
  services.borgbackup.jobs.docs = {
    paths = [ "/home/alice/Documents" "${config.users.users.alice.home}/Music" ];
    repo = "/mnt/backup/docs";
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx124_exclude_covers_path() {
    reports(
        "BX124",
        r#"{ ... }:
let excludes = [ "/home" "*/.cache" ]; in {
  services.borgbackup.jobs.alice = {
    paths = [
      "/home/alice" # <-
      "/etc"
    ];
    exclude = excludes;
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.restic.backups.alice = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var/lib/alice" ]; # <-
    exclude = [ "/var/lib" ];
  };
}"#,
    );
    silent(
        "BX124",
        r#"{ config, ... }: {
  services.borgbackup.jobs.alice = {
    paths = [ "/home/alice" ];
    exclude = [ "*/.cache" "/home/alice/Downloads" "/homes" ];
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    paths = [ "/srv" ];
    exclude = [ config.my.exclude ];
    repo = "/mnt/backup/srv";
    encryption.mode = "none";
  };
  services.restic.backups.alice = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var/lib/alice" ];
    exclude = [ "/var/lib/alice/cache" "/var/lib" "!/var/lib/alice" ];
  };
}"#,
    );
}

/// What BX124 predicts for borg holds for the real borg: the root is not archived.
#[test]
fn bx124_borg_oracle() {
    let borg = which("borg");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("alice")).unwrap();
    std::fs::write(home.join("alice/file"), "x").unwrap();
    let borg_cmd = |args: &[&str]| {
        std::process::Command::new(&borg)
            .args(args)
            .env("BORG_REPO", &repo)
            .env("BORG_BASE_DIR", dir.path())
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
            .output()
            .expect("run borg")
    };
    assert!(borg_cmd(&["init", "--encryption=none"]).status.success());
    let exclude = dir.path().join("excludes");
    std::fs::write(&exclude, format!("{}\n", home.display())).unwrap();
    let alice = home.join("alice");
    let out = borg_cmd(&[
        "create",
        "--list",
        "--dry-run",
        "--exclude-from",
        exclude.to_str().unwrap(),
        "::a",
        alice.to_str().unwrap(),
    ]);
    let listed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{listed}");
    assert!(!listed.contains("- "), "borg archived something: {listed}");
    assert!(listed.contains("x "), "{listed}");
}

#[test]
fn bx125_restic_nothing_to_back_up() {
    reports(
        "BX125",
        r#"{ ... }: {
  services.restic.backups.home = { # <-
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    exclude = [ "/home/*/.cache" ];
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ ]; # <-
  };
}"#,
    );
    silent(
        "BX125",
        r#"{ config, ... }: {
  services.restic.backups.prune = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    pruneOpts = [ "--keep-daily 7" ];
  };
  services.restic.backups.check = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    checkOpts = [ "--read-data-subset=5%" ];
  };
  services.restic.backups.dynamic = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    dynamicFilesFrom = "find /srv -name '*.db'";
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = config.my.paths;
  };
}"#,
    );
}

#[test]
fn bx126_unreadable_as_user() {
    reports(
        "BX126",
        r#"{ ... }: {
  services.borgbackup.jobs.system = {
    user = "backup";
    paths = [
      "/etc" # <-
      "/var/lib/" # <-
      "/srv/public"
    ];
    repo = "/mnt/backup/system";
    encryption.mode = "none";
  };
}"#,
    );
    silent(
        "BX126",
        r#"{ config, ... }: {
  services.borgbackup.jobs.system = {
    paths = [ "/etc" "/var/lib" ];
    repo = "/mnt/backup/system";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.alice = {
    user = "alice";
    paths = [ "/home/alice" ];
    repo = "/mnt/backup/alice";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.unknown = {
    user = config.my.user;
    paths = [ "/etc" ];
    repo = "/mnt/backup/etc";
    encryption.mode = "none";
  };
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Behaviour of the job

#[test]
fn bx127_removable_device_init() {
    reports(
        "BX127",
        r#"{ ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/alice/backup/borg";
    removableDevice = true; # <-
    encryption.mode = "none";
  };
  services.borgbackup.jobs.usb2 = {
    paths = [ "/home" ];
    repo = "/mnt/usb2/borg";
    removableDevice = true;
    doInit = true; # <-
    encryption.mode = "none";
  };
}"#,
    );
    silent(
        "BX127",
        r#"{ config, ... }: {
  services.borgbackup.jobs.usb = {
    paths = [ "/home" ];
    repo = "/run/media/alice/backup/borg";
    removableDevice = true;
    doInit = false;
    encryption.mode = "none";
  };
  services.borgbackup.jobs.usb2 = {
    paths = [ "/home" ];
    repo = "/mnt/usb2/borg";
    removableDevice = true;
    doInit = config.my.init;
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx128_failed_suffix_off() {
    reports(
        "BX128",
        r#"{ ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "/run/current-system/sw/bin/dump-postgres";
    repo = "/mnt/backup/postgres";
    appendFailedSuffix = false; # <-
    encryption.mode = "none";
  };
}"#,
    );
    silent(
        "BX128",
        r#"{ ... }: {
  services.borgbackup.jobs.postgres = {
    dumpCommand = "/run/current-system/sw/bin/dump-postgres";
    repo = "/mnt/backup/postgres";
    appendFailedSuffix = true;
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx129_warnings_ignored() {
    reports(
        "BX129",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    failOnWarnings = false; # <-
    encryption.mode = "none";
  };
}"#,
    );
    silent(
        "BX129",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
}"#,
    );
}

#[test]
fn bx130_no_schedule() {
    reports(
        "BX130",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    startAt = [ ]; # <-
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = null; # <-
  };
}"#,
    );
    silent(
        "BX130",
        r#"{ config, ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
  services.borgbackup.jobs.other = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    startAt = config.my.schedule;
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}"#,
    );
}

#[test]
fn bx131_timer_config_drops_persistent() {
    reports(
        "BX131",
        r#"{ ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "03:00"; RandomizedDelaySec = "1h"; }; # <-
  };
  services.restic.backups.srv = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
    timerConfig.OnCalendar = "hourly"; # <-
  };
}"#,
    );
    silent(
        "BX131",
        r#"{ config, ... }: {
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "03:00"; Persistent = true; };
  };
  services.restic.backups.default = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/srv" ];
  };
  services.restic.backups.unknown = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/var" ];
    timerConfig = config.my.timer;
  };
}"#,
    );
}

#[test]
fn bx132_no_persistent_timer() {
    reports(
        "BX132",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    startAt = "hourly"; # <-
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = { OnCalendar = "daily"; Persistent = false; }; # <-
  };
}"#,
    );
    silent(
        "BX132",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    persistentTimer = true;
    encryption.mode = "none";
  };
  services.borgbackup.jobs.manual = {
    paths = [ "/srv" ];
    repo = "/mnt/backup/srv";
    startAt = [ ];
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
  };
}"#,
    );
}

#[test]
fn bx133_no_sleep_inhibit() {
    reports(
        "BX133",
        r#"{ ... }: {
  services.borgbackup.jobs.home = { # <-
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    inhibitsSleep = false; # <-
  };
}"#,
    );
    silent(
        "BX133",
        r#"{ ... }: {
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup/home";
    inhibitsSleep = true;
    encryption.mode = "none";
  };
  services.restic.backups.home = {
    repository = "/mnt/backup/restic";
    passwordFile = "/run/secrets/restic";
    paths = [ "/home" ];
    timerConfig = null;
  };
}"#,
    );
}

// ---------------------------------------------------------------------------------------------
// Served repositories

#[test]
fn bx134_repo_full_access_key() {
    reports(
        "BX134",
        r#"{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    authorizedKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ]; # <-
  };
}"#,
    );
    silent(
        "BX134",
        r#"{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}"#,
    );
}

#[test]
fn bx135_repo_without_quota() {
    reports(
        "BX135",
        r#"{ ... }: {
  services.borgbackup.repos.laptop = { # <-
    path = "/srv/borg/laptop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}"#,
    );
    silent(
        "BX135",
        r#"{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
    quota = ".5G";
  };
}"#,
    );
}

#[test]
fn bx136_sub_repos_shared_keys() {
    reports(
        "BX136",
        r#"{ ... }: {
  services.borgbackup.repos.clients = {
    path = "/srv/borg";
    allowSubRepos = true; # <-
    authorizedKeys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB root@desktop" ];
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}"#,
    );
    silent(
        "BX136",
        r#"{ ... }: {
  services.borgbackup.repos.laptop = {
    path = "/srv/borg/laptop";
    allowSubRepos = true;
    authorizedKeysAppendOnly = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA root@laptop" ];
  };
}"#,
    );
}
