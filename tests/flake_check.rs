//! backix's flake library (`nix/lib.nix`) with real Nix: a fixture flake without inputs whose
//! checks come from `lib.mkCheck`, with a stand-in `pkgs` and the backix binary built by cargo,
//! built by `nix build` / `nix flake check` offline.
mod common;

use common::{copy_dir, require_nix};

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `check` fixture with backix's `nix/` directory and the backix binary copied in.
fn check_flake() -> (tempfile::TempDir, PathBuf) {
    require_nix(&["nix"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("check");
    copy_dir(&root.join("tests/fixtures/flakes/check"), &dir);
    copy_dir(&root.join("nix"), &dir.join("nix"));
    std::fs::copy(env!("CARGO_BIN_EXE_backix"), dir.join("backix")).expect("copy backix");
    (tmp, dir)
}

/// Runs `nix ARGS` offline; success and everything it printed.
fn nix(args: &[&str]) -> (bool, String) {
    let out = Command::new("nix")
        .args(["--extra-experimental-features", "nix-command flakes"])
        .args(["--option", "substituters", ""])
        .args(args)
        .output()
        .expect("run nix");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn build(dir: &Path, check: &str) -> (bool, String) {
    let installable = format!("path:{}#checks.x86_64-linux.{check}", dir.display());
    nix(&["build", "--no-link", "-L", &installable])
}

#[test]
fn mk_check_passes_a_clean_configuration_and_fails_on_errors() {
    let (_tmp, dir) = check_flake();

    let (ok, log) = build(&dir, "clean");
    assert!(ok, "the clean check fails:\n{log}");

    let (ok, log) = build(&dir, "failing-value");
    assert!(!ok, "a configuration value that throws passes:\n{log}");
    assert!(
        log.contains(
            "nixosConfigurations.host: services.borgbackup.jobs.home.repo: evaluation failed"
        ),
        "the log names the failing option:\n{log}"
    );

    let (ok, log) = build(&dir, "lint-error");
    assert!(!ok, "a lint error passes:\n{log}");
    assert!(
        log.contains("backup.nix") && log.contains("zstd,99"),
        "the log shows the finding:\n{log}"
    );

    let (ok, log) = nix(&["flake", "check", "-L", &format!("path:{}", dir.display())]);
    assert!(!ok, "nix flake check passes with failing checks:\n{log}");
}

#[test]
fn backix_own_flake_evaluates_with_a_stand_in_nixpkgs() {
    require_nix(&["nix"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(root.join("tests/fixtures/flakes/own-flake-stub.nix"))
        .args(["--arg", "root"])
        .arg(root)
        .output()
        .expect("run nix-instantiate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for output in [
        "apps",
        "checks",
        "devShells",
        "formatter",
        "homeManagerModules",
        "lib",
        "nixosModules",
        "overlays",
        "packages",
    ] {
        assert!(
            v["outputs"].as_array().unwrap().iter().any(|o| o == output),
            "{output} missing: {v}"
        );
    }
    assert_eq!(
        v["checks"],
        serde_json::json!(["backix", "clippy", "examples"])
    );
    // The `backix` check runs the unit tests, which need no backup tool.
    assert_eq!(
        v["unitTests"],
        serde_json::json!({"doCheck": true, "cargoTestFlags": ["--workspace", "--lib", "--bins"]})
    );
    let script = v["example"].as_str().unwrap();
    assert!(
        script.contains("/bin/backix lint --color never") && script.contains("-examples'"),
        "{script}"
    );
    assert_eq!(v["app"], "/nix/store/x-backix/bin/backix");
    assert_eq!(v["mods"], serde_json::json!([true, true]));
    // The same files as the pre-commit hook: Nix, and YAML named like borgmatic's.
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let files = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .expect("files: in .pre-commit-hooks.yaml");
    assert_eq!(format!("'{}'", v["hook"]["files"].as_str().unwrap()), files);
    assert_eq!(
        v["hook"]["files"],
        "(\\.nix|(^|/)borgmatic[^/]*(/[^/]+)?\\.ya?ml)$"
    );
    // Which staged files the hook gets, as pre-commit decides it (Python's `re.search`).
    let probe = format!(
        "import re, sys\nr = re.compile({:?})\nprint(' '.join(p for p in sys.argv[1:] if r.search(p)))",
        v["hook"]["files"].as_str().unwrap()
    );
    let out = Command::new("python3")
        .args(["-c", &probe])
        .args([
            "hosts/a/default.nix",
            "borgmatic.yaml",
            "etc/borgmatic.d/home.yaml",
            "config/borgmatic-home.yml",
            "borgmatic/config.yaml",
            ".github/workflows/ci.yml",
            "docker-compose.yaml",
            "notborgmatic.yaml",
            "default.nix.bak",
        ])
        .output()
        .expect("python3 is needed for this test");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "hosts/a/default.nix borgmatic.yaml etc/borgmatic.d/home.yaml config/borgmatic-home.yml borgmatic/config.yaml"
    );
}

#[test]
fn nix_flake_show_and_check_evaluate_backix_own_flake_with_a_stub_nixpkgs() {
    require_nix(&["nix"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("backix");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(root.join("flake.nix"), dir.join("flake.nix")).expect("copy flake.nix");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    copy_dir(&root.join("nix"), &dir.join("nix"));
    copy_dir(&root.join("examples"), &dir.join("examples"));
    let stub = format!(
        "path:{}",
        root.join("tests/fixtures/flakes/stub-nixpkgs").display()
    );
    let flake = format!("path:{}", dir.display());
    let common = [
        "--no-write-lock-file",
        "--override-input",
        "nixpkgs",
        stub.as_str(),
    ];

    let (ok, show) = nix(&[&["flake", "show"], &common[..], &[flake.as_str()]].concat());
    assert!(ok, "nix flake show fails:\n{show}");
    for system in [
        "x86_64-linux",
        "aarch64-linux",
        "x86_64-darwin",
        "aarch64-darwin",
    ] {
        assert!(show.contains(system), "{system} missing:\n{show}");
    }
    for line in [
        "package 'backix-0.1.0'",
        "derivation 'backix-check'",
        "development environment 'shell'",
        "package 'nixfmt'",
        "NixOS module",
        "Nixpkgs overlay",
    ] {
        assert!(show.contains(line), "{line} missing:\n{show}");
    }

    let (ok, check) = nix(&[
        &["flake", "check", "--no-build"],
        &common[..],
        &[flake.as_str()],
    ]
    .concat());
    assert!(ok, "nix flake check --no-build fails:\n{check}");
    assert!(!check.contains("error:"), "{check}");
}
