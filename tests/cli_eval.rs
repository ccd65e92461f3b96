//! `backix eval` from the command line: output, machine format and exit codes.

use std::process::{Command, Output};

fn backix(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("backix runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_bundled_example_prints_located_options() {
    let out = backix(&["eval", "examples/nixos/configuration.nix"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("services.borgbackup.jobs.home.repo = \"ssh://borg@backup.example.org/./nas\"  # examples/nixos/backup.nix:"), "{stdout}");
    assert!(
        stdout.contains("services.restic.backups.offsite.repository"),
        "{stdout}"
    );
    assert!(
        stdout.contains("<unknown: pkgs.writeShellScript"),
        "{stdout}"
    );
}

#[test]
fn json_output_is_versioned_and_located() {
    let out = backix(&["eval", "--json", "examples/home/borgmatic.nix"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    let root = &json["systems"][0]["roots"][0];
    assert_eq!(root["module"], "home-programs-borgmatic");
    let dirs = &root["value"]["attrs"]["backups"]["attrs"]["personal"]["attrs"]["location"]["attrs"]
        ["sourceDirectories"];
    assert_eq!(dirs["kind"], "value");
    assert_eq!(dirs["value"]["items"][0]["type"], "partial-string");
    assert_eq!(
        dirs["value"]["items"][0]["parts"][0]["unknown"],
        "config.home.homeDirectory"
    );
    assert_eq!(
        dirs["definitions"][0]["file"],
        "examples/home/borgmatic.nix"
    );
}

#[test]
fn bad_paths_are_usage_errors_on_one_line() {
    let out = backix(&["eval", "does/not/exist.nix"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("does/not/exist.nix"), "{stderr}");
    assert_eq!(backix(&["eval"]).status.code(), Some(2));
}

#[test]
fn syntax_errors_point_at_file_and_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.nix");
    std::fs::write(&file, "{ ... }: {\n  services.borgbackup.jobs.a.repo = \"/r\"\n  services.restic.backups.b.repository = \"/x\";\n}\n").unwrap();
    let out = backix(&["eval", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.nix:3:"), "{stderr}");
    assert!(stderr.contains("error[nix-syntax]"), "{stderr}");
}

#[test]
fn expression_mode_matches_nix_conventions() {
    let ok = backix(&["eval", "--expr", "{ b = [ 1 2.5 ]; a = \"x\"; }"]);
    assert_eq!(text(&ok.stdout), "{\"a\":\"x\",\"b\":[1,2.5]}\n");
    let failed = backix(&["eval", "--expr", "throw \"no\""]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(text(&failed.stderr).contains("no"));
    let unknown = backix(&["eval", "--expr", "builtins.currentSystem"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("not statically known"));
    let unterminated = backix(&["eval", "--expr", "\"unterminated"]);
    assert_eq!(
        unterminated.status.code(),
        Some(1),
        "a syntax error, not a crash"
    );
}
