//! backix's NixOS and home-manager modules (`nix/modules`) with real Nix: evaluated by
//! `nix-instantiate` inside a tiny module system (tests/fixtures/modules/eval.nix, with a
//! stand-in `lib`: no nixpkgs offline), and the check they add built by `nix-build` with the
//! backix binary built by cargo. The check must fail on a configuration with an error and pass
//! on a clean one.
mod common;

use common::{copy_dir, require_nix};

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The `modules` fixture with backix's `nix/` directory and the backix binary copied in.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    require_nix(&["nix-instantiate", "nix-build"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("modules");
    copy_dir(&root.join("tests/fixtures/modules"), &dir);
    copy_dir(&root.join("nix"), &dir.join("nix"));
    std::fs::copy(env!("CARGO_BIN_EXE_backix"), dir.join("backix")).expect("copy backix");
    (tmp, dir)
}

/// `nix-instantiate --eval --strict --json` of an expression over the fixture (`f`).
fn eval(dir: &Path, expr: &str) -> Value {
    let out = Command::new("nix-instantiate")
        .current_dir(dir)
        .args(["--eval", "--strict", "--json", "-E"])
        .arg(format!("let f = import ./.; in {expr}"))
        .output()
        .expect("run nix-instantiate");
    assert!(
        out.status.success(),
        "{expr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Builds the one check a configuration adds; success and the build log.
fn build_check(dir: &Path, configuration: &str) -> (bool, String) {
    build(
        dir,
        &format!("builtins.head (f.checksOf f.{configuration})"),
    )
}

/// The 1-based line of the first occurrence of `needle` in a fixture file.
fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).expect("fixture");
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {file}"))
        + 1
}

#[test]
fn enabling_the_check_adds_one_backix_check_to_the_system_and_home_checks() {
    let (_tmp, dir) = fixture();
    let checks = eval(
        &dir,
        "{ nixos = f.describe f.nixos.bad; home = f.describe f.home.bad; \
           nixosOff = f.describe f.nixos.disabled; homeOff = f.describe f.home.disabled; }",
    );
    for (name, expected) in [
        ("nixos", "backix-check-nixos"),
        ("home", "backix-check-home-manager"),
    ] {
        let list = checks[name].as_array().unwrap();
        assert_eq!(list.len(), 1, "{name}: {checks:#}");
        assert_eq!(list[0]["name"], expected);
        let script = list[0]["script"].as_str().unwrap();
        // It lints the configuration's own bridge document, written at evaluation time.
        assert!(
            script.contains("-backix lint --color never")
                && script.contains("--eval-json /nix/store/"),
            "{script}"
        );
        assert!(script.contains("-backix-bridge.json"), "{script}");
    }
    assert_eq!(checks["nixosOff"], serde_json::json!([]));
    assert_eq!(checks["homeOff"], serde_json::json!([]));

    // The bridge document holds the configuration itself, with its definition file.
    let doc = eval(
        &dir,
        "let c = f.nixos.bad; in builtins.fromJSON (f.backixLibDocument c)",
    );
    let system = &doc["systems"][0];
    assert_eq!(system["class"], "nixos");
    let root = &system["roots"][0];
    assert_eq!(root["option"], "services.borgbackup.jobs");
    assert_eq!(
        root["value"]["attrs"]["home"]["attrs"]["compression"]["value"],
        "zstd,99"
    );
    assert!(
        root["definitions"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("/nixos-bad.nix"),
        "{root:#}"
    );
}

#[test]
fn the_nixos_check_fails_on_errors_and_passes_clean_configurations() {
    let (_tmp, dir) = fixture();

    let (ok, log) = build_check(&dir, "nixos.clean");
    assert!(ok, "the clean configuration's check fails:\n{log}");
    assert!(log.contains("no problems found"), "{log}");

    let (ok, log) = build_check(&dir, "nixos.bad");
    assert!(!ok, "an error passes:\n{log}");
    let line = line_of(&dir, "nixos-bad.nix", "zstd,99");
    assert!(
        log.contains("error[BX031]") && log.contains(&format!("nixos-bad.nix:{line}:")),
        "the finding, at its line:\n{log}"
    );

    let (ok, log) = build_check(&dir, "nixos.failing");
    assert!(!ok, "a value that fails to evaluate passes:\n{log}");
    assert!(
        log.contains("error[eval-error]")
            && log.contains("services.borgbackup.jobs.home.repo")
            && log.contains(&format!(
                "nixos-failing.nix:{}:",
                line_of(&dir, "nixos-failing.nix", "throw")
            )),
        "the failing option, at its line:\n{log}"
    );

    // The module's settings reach backix: the same error, allowed, passes.
    let (ok, log) = build_check(&dir, "nixos.allowed");
    assert!(ok, "settings.rules.BX031 = \"allow\" is ignored:\n{log}");
}

#[test]
fn the_home_manager_check_fails_on_errors_and_passes_clean_configurations() {
    let (_tmp, dir) = fixture();

    let (ok, log) = build_check(&dir, "home.clean");
    assert!(ok, "the clean configuration's check fails:\n{log}");

    let (ok, log) = build_check(&dir, "home.bad");
    assert!(!ok, "an error passes:\n{log}");
    let line = line_of(&dir, "home-bad.nix", "keepDialy");
    assert!(
        log.contains("error[BX002]")
            && log.contains("keepDialy")
            && log.contains(&format!("home-bad.nix:{line}:")),
        "the finding, at its line:\n{log}"
    );
}

/// Builds an expression of the fixture; success and the build log.
fn build(dir: &Path, expr: &str) -> (bool, String) {
    let out = Command::new("nix-build")
        .current_dir(dir)
        .args(["--no-out-link", "--option", "substituters", "", "-E"])
        .arg(format!("let f = import ./.; in {expr}"))
        .output()
        .expect("run nix-build");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), log)
}

#[test]
fn without_home_checks_the_generation_builder_runs_the_check() {
    let (_tmp, dir) = fixture();
    let commands = eval(
        &dir,
        "{ on = f.homeWithoutChecks.bad.config.home.extraBuilderCommands; \
           off = f.homeWithoutChecks.disabled.config.home.extraBuilderCommands; }",
    );
    let on = commands["on"].as_str().expect("a string");
    assert!(
        on.contains("backix-check-home-manager"),
        "the check is named in the builder's commands: {on:?}"
    );
    assert_eq!(commands["off"], serde_json::json!(""));

    let (ok, log) = build(&dir, "f.generation f.homeWithoutChecks.clean");
    assert!(ok, "the clean configuration's generation fails:\n{log}");
    let (ok, log) = build(&dir, "f.generation f.homeWithoutChecks.bad");
    assert!(!ok, "an error passes:\n{log}");
    assert!(log.contains("error[BX002]"), "the finding:\n{log}");
}
