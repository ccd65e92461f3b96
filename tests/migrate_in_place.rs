//! `backix migrate FILE.nix`: borgmatic blocks rewritten into `services.borgbackup.jobs` in the
//! same file. Every byte outside the rewritten bindings is kept; `--check` prints a diff and
//! exits 1 when something would change; `--write` replaces the file atomically and keeps the
//! original as `FILE.orig`; every result parses with `nix-instantiate --parse`.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Output};

use backix_emit::migrate::in_place::find_blocks;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::module::extract::ModuleKind;
use backix_schema::view;

fn backix(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("backix runs")
}

fn nix_parses(dir: &Path, text: &str) {
    let probe = Command::new("nix-instantiate").arg("--version").output();
    assert!(
        probe.is_ok_and(|o| o.status.success()),
        "nix-instantiate is missing: run scripts/setup"
    );
    let path = dir.join("parse-check.nix");
    std::fs::write(&path, text).expect("write");
    let out = Command::new("nix-instantiate")
        .arg("--parse")
        .arg(&path)
        .output()
        .expect("nix-instantiate runs");
    assert!(
        out.status.success(),
        "nix-instantiate --parse refuses the result:\n{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The job names and `repo`s a file defines, and whether it still has borgmatic roots.
fn jobs_of(path: &Path) -> (Vec<(String, String)>, bool) {
    let path = path.to_path_buf();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let analysis = analyze(&[path], EvalOptions::default()).expect("analyze");
            let mut jobs = Vec::new();
            let mut borgmatic = false;
            for root in analysis.extraction.systems.iter().flat_map(|s| &s.roots) {
                match root.module {
                    ModuleKind::BorgbackupJobs => {
                        for (name, job) in view::entries(&root.value) {
                            let repo = view::value_at(job, "repo")
                                .and_then(view::as_str)
                                .unwrap_or("?")
                                .to_string();
                            jobs.push((name.to_string(), repo));
                        }
                    }
                    ModuleKind::NixosBorgmatic
                    | ModuleKind::HomeProgramsBorgmatic
                    | ModuleKind::HomeServicesBorgmatic => borgmatic = true,
                    _ => {}
                }
            }
            (jobs, borgmatic)
        })
        .expect("thread")
        .join()
        .expect("no panic")
}

/// A test file: its name, its text, and the jobs (name, repo) it becomes.
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Files with borgmatic blocks in several shapes.
const CASES: &[Case] = &[
    (
        "nested",
        r#"{ config, pkgs, ... }:

# A comment before everything.
{
  imports = [ ];
	# A tab-indented comment.
  services = {
    openssh.enable = true; # stays
    borgmatic = {
      enable = true;
      settings = {
        source_directories = [ "/etc" ];
        repositories = [ { path = "/mnt/a"; label = "a"; } ];
        keep_daily = 7;
      };
    };
    nginx.enable = false;
  };

  environment.systemPackages = [ pkgs.hello ];   # odd   spacing kept
}
"#,
        &[("borgmatic", "/mnt/a")],
    ),
    (
        "dotted",
        r#"{ config, lib, ... }:
let
  repo = "/mnt/dotted";
in
{
  services.borgmatic.enable = true;
  networking.firewall.enable   =   true;
  services.borgmatic.configurations."daily" = {
    source_directories = [ "/home" ];
    repositories = [ { path = repo; label = "local"; } ];
    keep_weekly = 4;
  };
  services.borgmatic.configurations.weekly.source_directories = [ "/srv" ];
  services.borgmatic.configurations.weekly.repositories = [
    { path = "ssh://u@h/./w"; label = "remote"; }
  ];
  users.users.root.openssh.authorizedKeys.keys = [ ];
}
"#,
        &[("daily", "/mnt/dotted"), ("weekly", "ssh://u@h/./w")],
    ),
    (
        "two_repositories",
        r#"{ config, ... }:
{
  services.borgmatic = {
    enable = true;
    configurations.home = {
      source_directories = [ "/home" ];
      repositories = [
        { path = "/mnt/one"; label = "one"; }
        { path = "/mnt/two"; label = "two"; }
      ];
    };
  };
}
"#,
        &[("home-one", "/mnt/one"), ("home-two", "/mnt/two")],
    ),
    (
        "home_manager_user",
        r#"{ config, ... }:
{
  time.timeZone = "UTC";
  home-manager.users.bob = {
    home.stateVersion = "24.05"; # bob's
    programs.borgmatic.enable = true;
    programs.borgmatic.backups.docs = {
      location = {
        sourceDirectories = [ "/home/bob/docs" ];
        repositories = [ "/mnt/bob" ];
      };
      retention.keepDaily = 3;
    };
    services.borgmatic = {
      enable = true;
      frequency = "*-*-* 03:00";
    };
  };
  home-manager.users.carol.programs.borgmatic = {
    enable = true;
    backups.pics = {
      location.sourceDirectories = [ "/home/carol/pics" ];
      location.repositories = [ { path = "/mnt/carol"; label = "c"; } ];
    };
  };
}
"#,
        &[("docs", "/mnt/bob"), ("pics", "/mnt/carol")],
    ),
];

/// Every byte outside the blocks of `text` is in `new`: the same prefix up to the line of the
/// first block (or of the top-level binding the jobs go in front of), the same suffix after the
/// last block, and every non-blank line between them that is outside a block, in order.
fn assert_kept(name: &str, text: &str, new: &str) {
    let blocks = find_blocks(text, false).expect("blocks");
    assert!(!blocks.is_empty(), "{name}: no block found");
    let first = blocks
        .iter()
        .map(|b| b.range.start.min(b.top.start))
        .min()
        .expect("a block");
    let first = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let last = blocks.iter().map(|b| b.range.end).max().expect("a block");
    assert_eq!(
        &new[..first],
        &text[..first],
        "{name}: prefix changed:\n{new}"
    );
    assert!(
        new.ends_with(&text[last..]),
        "{name}: suffix changed:\n{new}"
    );
    let mut rest = &new[first..];
    let mut at = first;
    for line in text[first..last].split_inclusive('\n') {
        let (start, end) = (at, at + line.len());
        at = end;
        let inside = blocks
            .iter()
            .any(|b| b.range.start < end && start < b.range.end);
        if inside || line.trim().is_empty() {
            continue;
        }
        let found = rest
            .find(line)
            .unwrap_or_else(|| panic!("{name}: the line {line:?} is gone:\n{new}"));
        rest = &rest[found + line.len()..];
    }
}

/// A tiny deterministic generator.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A generated NixOS file: borgmatic configurations written in one of several shapes among
/// unrelated bindings, comments and odd spacing; with the jobs (name, repo) it must become.
fn generated_file(rng: &mut Rng, case: usize) -> (String, Vec<(String, String)>) {
    let ind = ["  ", "    ", "\t"][rng.below(3) as usize];
    // Unrelated bindings, each with its own name.
    let mut k = 0;
    let mut filler = |rng: &mut Rng| {
        k += 1;
        match rng.below(5) {
            0 => format!("networking.hosts.\"10.0.0.{k}\" = [ \"h{k}\" ];"),
            1 => format!("# just a comment {k}"),
            2 => format!("environment.variables.V{k}   =   \"x\";   # aligned"),
            3 => format!("environment.etc.\"f{k}\".text = ''\n    a ${{\"b\"}}\n  '';"),
            _ => format!("users.users.u{k}.isSystemUser = true;"),
        }
    };
    let n = 1 + rng.below(3) as usize;
    let mut want = Vec::new();
    let config = |i: usize, rng: &mut Rng| {
        let repo = format!("/mnt/g{case}-{i}");
        let body = format!(
            "source_directories = [ \"/srv/{i}\" ]; repositories = [ {{ path = \"{repo}\"; label = \"l\"; }} ];{}",
            if rng.below(2) == 0 {
                " keep_daily = 3;"
            } else {
                ""
            }
        );
        (repo, body)
    };
    let mut blocks = Vec::new();
    match rng.below(3) {
        0 => {
            let mut inner = vec![format!("{ind}{ind}enable = true;")];
            for i in 0..n {
                let (repo, body) = config(i, rng);
                inner.push(format!("{ind}{ind}configurations.c{i} = {{ {body} }};"));
                want.push((format!("c{i}"), repo));
            }
            blocks.push(format!(
                "{ind}services.borgmatic = {{\n{}\n{ind}}};",
                inner.join("\n")
            ));
        }
        1 => {
            let mut inner = vec![format!("{ind}{ind}openssh.enable = true; # ssh")];
            for i in 0..n {
                let (repo, body) = config(i, rng);
                inner.push(format!("{ind}{ind}borgmatic.configurations.\"c{i}\" = {{\n{ind}{ind}{ind}{body}\n{ind}{ind}}};"));
                want.push((format!("c{i}"), repo));
            }
            blocks.push(format!(
                "{ind}services = {{\n{}\n{ind}}};",
                inner.join("\n")
            ));
        }
        _ => {
            let (repo, _) = config(0, rng);
            blocks.push(format!("{ind}services.borgmatic.enable = true;"));
            blocks.push(format!(
                "{ind}services.borgmatic.settings.source_directories = [ \"/etc\" ];"
            ));
            blocks.push(format!(
                "{ind}services.borgmatic.settings.repositories = [\n{ind}{ind}{{ path = \"{repo}\"; label = \"s\"; }}\n{ind}];"
            ));
            want.push(("borgmatic".to_string(), repo));
        }
    }
    let mut rng_filler = Rng(rng.below(1 << 30));
    let mut lines = vec!["{ config, lib, pkgs, ... }:".to_string(), "{".to_string()];
    for b in blocks {
        for _ in 0..rng.below(3) {
            lines.push(format!("{ind}{}", filler(&mut rng_filler)));
        }
        if rng.below(2) == 0 {
            lines.push(String::new());
        }
        lines.push(b);
    }
    lines.push(format!("{ind}{}", filler(&mut rng_filler)));
    lines.push("}".to_string());
    want.sort();
    (lines.join("\n") + "\n", want)
}

#[test]
fn generated_layouts_keep_every_other_byte_and_mean_the_jobs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng(0x1a7e);
    for case in 0..24 {
        let (text, want) = generated_file(&mut rng, case);
        let name = format!("g{case}");
        std::fs::write(dir.path().join(format!("{name}.nix")), &text).expect("write");
        let out = backix(dir.path(), &["migrate", &format!("{name}.nix")]);
        assert!(
            out.status.success(),
            "{name}: {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let new = String::from_utf8(out.stdout).expect("utf-8");
        nix_parses(dir.path(), &new);
        assert_kept(&name, &text, &new);
        let migrated = dir.path().join("migrated.nix");
        std::fs::write(&migrated, &new).expect("write");
        let (mut jobs, borgmatic) = jobs_of(&migrated);
        jobs.sort();
        assert_eq!(jobs, want, "{name}:\n{text}\n{new}");
        assert!(!borgmatic, "{name}: borgmatic left:\n{new}");
    }
}

#[test]
fn every_byte_outside_the_blocks_is_kept() {
    for (name, text, want) in CASES {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(format!("{name}.nix"));
        std::fs::write(&file, text).expect("write");
        let out = backix(dir.path(), &["migrate", &format!("{name}.nix")]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let new = String::from_utf8(out.stdout).expect("utf-8");
        assert_eq!(
            std::fs::read_to_string(&file).expect("read"),
            *text,
            "{name}: the file is not touched without --write"
        );
        nix_parses(dir.path(), &new);
        assert_kept(name, text, &new);
        // What the new file means: the jobs, and no borgmatic left.
        let migrated = dir.path().join("migrated.nix");
        std::fs::write(&migrated, &new).expect("write");
        let (mut jobs, borgmatic) = jobs_of(&migrated);
        jobs.sort();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect();
        assert_eq!(jobs, want, "{name}:\n{new}");
        assert!(!borgmatic, "{name}: borgmatic left:\n{new}");
    }
}

#[test]
fn home_manager_jobs_run_as_the_user_on_the_user_schedule() {
    let (_, text, _) = CASES
        .iter()
        .find(|c| c.0 == "home_manager_user")
        .expect("case");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("c.nix"), text).expect("write");
    let out = backix(dir.path(), &["migrate", "c.nix"]);
    let new = String::from_utf8(out.stdout).expect("utf-8");
    let docs = &new[new
        .find("services.borgbackup.jobs.docs = {")
        .expect("docs job")..];
    let docs = &docs[..docs.find("\n  };").expect("end")];
    for want in [
        "user = \"bob\";",
        "startAt = \"*-*-* 03:00\";",
        "persistentTimer = true;",
        "inhibitsSleep = true;",
    ] {
        assert!(docs.contains(want), "{want} missing:\n{docs}");
    }
    assert!(new.contains("user = \"carol\";"), "{new}");
    assert!(
        new.contains("home.stateVersion = \"24.05\"; # bob's"),
        "{new}"
    );
    assert!(!new.contains("borgmatic ="), "{new}");
}

#[test]
fn check_prints_a_diff_and_says_whether_anything_would_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("c.nix"), CASES[0].1).expect("write");
    let out = backix(dir.path(), &["migrate", "--check", "c.nix"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        diff.starts_with("--- c.nix\n+++ c.nix (migrated)\n@@ "),
        "{diff}"
    );
    assert!(diff.contains("\n-    borgmatic = {\n"), "{diff}");
    assert!(
        diff.contains("\n+    borgbackup.jobs.borgmatic = {\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n     openssh.enable = true; # stays\n"),
        "context: {diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.nix")).unwrap(),
        CASES[0].1
    );

    std::fs::write(
        dir.path().join("plain.nix"),
        "{\n  services.openssh.enable = true;\n}\n",
    )
    .expect("write");
    let out = backix(dir.path(), &["migrate", "--check", "plain.nix"]);
    assert_eq!(out.status.code(), Some(0), "nothing to change");
    assert!(out.stdout.is_empty());
}

#[test]
fn write_replaces_atomically_and_keeps_the_original() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("c.nix");
    std::fs::write(&file, CASES[1].1).expect("write");
    let before = std::fs::metadata(&file).expect("meta").ino();
    let expected = backix(dir.path(), &["migrate", "c.nix"]).stdout;
    let out = backix(dir.path(), &["migrate", "--write", "c.nix"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&file).expect("read"), expected);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.nix.orig")).expect("orig"),
        CASES[1].1
    );
    assert_ne!(
        std::fs::metadata(&file).expect("meta").ino(),
        before,
        "a new file renamed over the old one, not rewritten in place"
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    assert_eq!(names, ["c.nix", "c.nix.orig"], "no temporary file left");
    // Again with a borgmatic block and an existing .orig: refused, nothing touched.
    std::fs::write(&file, CASES[0].1).expect("write");
    let out = backix(dir.path(), &["migrate", "--write", "c.nix"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("c.nix.orig exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), CASES[0].1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.nix.orig")).unwrap(),
        CASES[1].1
    );
}

#[test]
fn config_is_added_to_the_module_arguments_when_jobs_read_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "{ pkgs, ... }:\n{\n  services.borgmatic.settings = {\n    \
                source_directories = [ \"/etc\" ];\n    repositories = [ { path = \"/mnt/x\"; label = \"x\"; } ];\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), text).expect("write");
    let out = backix(dir.path(), &["migrate", "c.nix"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = String::from_utf8(out.stdout).expect("utf-8");
    nix_parses(dir.path(), &new);
    if new.contains("config.networking.hostName") {
        assert!(new.starts_with("{ config, pkgs, ... }:\n{\n"), "{new}");
    } else {
        assert!(new.starts_with("{ pkgs, ... }:\n{\n"), "{new}");
    }
}

#[test]
fn a_conditional_block_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "{ config, lib, ... }:\n{\n  services.borgmatic = lib.mkIf (config.x or true) {\n    \
                enable = true;\n    settings.repositories = [ { path = \"/mnt/x\"; label = \"x\"; } ];\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), text).expect("write");
    let out = backix(dir.path(), &["migrate", "--write", "c.nix"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("services.borgmatic") && stderr.contains("lib.mkIf"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("c.nix")).unwrap(),
        text
    );
    assert!(!dir.path().join("c.nix.orig").exists());
}

#[test]
fn a_standalone_home_manager_file_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = r#"{ config, pkgs, ... }:
{
  home.username = "bob";
  programs.borgmatic = {
    enable = true;
    backups.docs = {
      location = {
        sourceDirectories = [ "/home/bob/docs" ];
        repositories = [ "/mnt/bob" ];
      };
      retention.keepDaily = 3;
    };
  };
  services.borgmatic.enable = true;
}
"#;
    std::fs::write(dir.path().join("home.nix"), text).expect("write");
    let out = backix(dir.path(), &["migrate", "home.nix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--home USER=PATH"));

    let out = backix(
        dir.path(),
        &["migrate", "home.nix", "--home", "bob=/home/bob"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let module = String::from_utf8(out.stdout).expect("utf-8");
    nix_parses(dir.path(), &module);
    assert!(
        module.contains("services.borgbackup.jobs.docs = {"),
        "{module}"
    );
    assert!(module.contains("user = \"bob\";"), "{module}");
    assert!(
        module.contains("startAt = \"hourly\";"),
        "home-manager's default frequency: {module}"
    );
    assert!(stderr.contains("standalone home-manager file"), "{stderr}");

    let out = backix(
        dir.path(),
        &["migrate", "home.nix", "--home", "bob=/home/bob", "--write"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("home.nix")).unwrap(),
        text
    );
    assert!(!dir.path().join("home.nix.orig").exists());
}

#[test]
fn migrated_jobs_do_not_collide_with_existing_jobs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "{ config, ... }:\n{\n  services.borgbackup.jobs.borgmatic = { paths = [ \"/x\" ]; \
                repo = \"/mnt/x\"; encryption.mode = \"none\"; };\n  services.borgmatic.settings = {\n    \
                source_directories = [ \"/etc\" ];\n    repositories = [ { path = \"/mnt/a\"; label = \"a\"; } ];\n  };\n}\n";
    std::fs::write(dir.path().join("c.nix"), text).expect("write");
    let out = backix(dir.path(), &["migrate", "c.nix"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let migrated = dir.path().join("m.nix");
    std::fs::write(&migrated, &out.stdout).expect("write");
    let (mut jobs, _) = jobs_of(&migrated);
    jobs.sort();
    assert_eq!(
        jobs,
        [
            ("borgmatic".to_string(), "/mnt/x".to_string()),
            ("borgmatic-2".to_string(), "/mnt/a".to_string())
        ]
    );
}

#[test]
fn home_manager_symlinks_are_excluded_when_the_home_is_given() {
    let text = r#"{ ... }:
{
  home-manager.users.alice = {
    programs.borgmatic = {
      enable = true;
      backups.docs = {
        location = {
          sourceDirectories = [ "/home/alice/docs" ];
          repositories = [ "/mnt/backup/alice" ];
          excludeHomeManagerSymlinks = true;
        };
        retention.keepDaily = 7;
      };
    };
  };
}
"#;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("c.nix"), text).expect("write");

    let out = backix(
        dir.path(),
        &["migrate", "--home", "alice=/home/alice", "c.nix"],
    );
    let new = String::from_utf8(out.stdout).expect("utf-8");
    nix_parses(dir.path(), &new);
    for line in [
        "sh:/home/alice/.nix-profile",
        "sh:/home/alice/.local/state/nix",
        "sh:/home/alice/.local/state/home-manager",
    ] {
        assert!(new.contains(line), "{line} missing:\n{new}");
    }
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("excludeHomeManagerSymlinks"), "{report}");

    // Without the home the paths cannot be written: the report says so and how to fix it.
    let out = backix(dir.path(), &["migrate", "c.nix"]);
    let new = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!new.contains(".nix-profile"), "{new}");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("excludeHomeManagerSymlinks") && report.contains("--home alice=PATH"),
        "{report}"
    );
}
