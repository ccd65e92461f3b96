//! The evaluator bridge with real Nix: fixture flakes (no inputs, so offline) evaluated by
//! `nix eval` through `nix/bridge.nix`, read back by `backix eval --flake` / `--eval-json`, and
//! compared with what Nix itself says the configuration's values are.
mod common;

use common::{copy_dir, require_nix};

mod sarif_schema;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn backix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_backix"))
}

/// A copy of a fixture flake in a fresh directory outside any git repository.
fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    require_nix(&["nix"]);
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/flakes")
        .join(name);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join(name);
    copy_dir(&src, &dir);
    let dir = dir.canonicalize().expect("canonical");
    (tmp, dir)
}

/// Runs backix with `--json`: its document, exit status and standard error. Exit status 1
/// (values that failed to evaluate) still prints the document.
fn run_json_status(args: &[&str]) -> (Value, i32, String) {
    let out = backix()
        .args(args)
        .arg("--json")
        .output()
        .expect("run backix");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "backix {args:?} failed: {err}");
    (
        serde_json::from_slice(&out.stdout).expect("JSON output"),
        code,
        err,
    )
}

fn run_json(args: &[&str]) -> Value {
    run_json_status(args).0
}

fn system<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no system {name} in {doc:#}"))
}

fn root<'a>(system: &'a Value, module: &str, user: Option<&str>) -> Option<&'a Value> {
    system["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .find(|r| r["module"] == module && r["user"].as_str() == user)
}

/// The option node at a path of names below a node.
fn at<'a>(node: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(node, |n, name| {
        assert_eq!(n["kind"], "set", "not an option set at {name}: {n:#}");
        &n["attrs"][name]
    })
}

/// A VALUE of docs/eval-json.md back as plain JSON, as `nix eval --json` prints it.
fn plain(value: &Value) -> Value {
    match value["type"].as_str() {
        Some("null") => Value::Null,
        Some("list") => Value::Array(
            value["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(plain)
                .collect(),
        ),
        Some("set") => Value::Object(
            value["attrs"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), plain(v)))
                .collect(),
        ),
        Some(_) => value["value"].clone(),
        None => panic!("not a value: {value}"),
    }
}

/// An option node back as plain JSON.
fn plain_node(node: &Value) -> Value {
    match node["kind"].as_str() {
        Some("set") => Value::Object(
            node["attrs"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), plain_node(v)))
                .collect(),
        ),
        Some("value") => plain(&node["value"]),
        _ => panic!("not a plain node: {node}"),
    }
}

fn nix_eval(installable: &str) -> Value {
    let out = Command::new("nix")
        .args([
            "eval",
            "--extra-experimental-features",
            "nix-command flakes",
            "--json",
            installable,
        ])
        .output()
        .expect("run nix");
    assert!(
        out.status.success(),
        "nix eval {installable}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("nix JSON")
}

fn files(node: &Value) -> Vec<String> {
    node["definitions"]
        .as_array()
        .expect("definitions")
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_flake_is_read_through_the_bridge_with_values_failures_and_files() {
    let (_tmp, dir) = fixture("bridge");
    let flake = format!("path:{}", dir.display());
    let (doc, code, err) = run_json_status(&["eval", "--flake", &flake]);
    assert_eq!(code, 1, "values failed to evaluate");
    for failing in [
        "nixosConfigurations.host: services.borgbackup.jobs.home.failing: ",
        "services.borgbackup.jobs.home.list[1]: ",
        "services.restic.backups.remote.passwordFile: ",
    ] {
        assert!(err.contains(failing), "{failing} in {err}");
    }
    assert_eq!(err.lines().count(), 4, "exactly the failing values: {err}");
    let host_file = dir.join("host.nix").display().to_string();
    let users_file = dir.join("users.nix").display().to_string();
    let home_file = dir.join("home.nix").display().to_string();

    let host = system(&doc, "nixosConfigurations.host");
    assert_eq!(host["class"], "nixos");
    let jobs = &root(host, "borgbackup-jobs", None).expect("jobs root")["value"];
    let job = at(jobs, &["home"]);
    // Values Nix computed, compared with Nix's own answer for the same attributes.
    for option in ["repo", "paths", "startAt", "compression"] {
        let installable = format!(
            "{flake}#nixosConfigurations.host.config.services.borgbackup.jobs.home.{option}"
        );
        assert_eq!(
            plain_node(at(job, &[option])),
            nix_eval(&installable),
            "{option}"
        );
    }
    let keep =
        format!("{flake}#nixosConfigurations.host.config.services.borgbackup.jobs.home.prune.keep");
    assert_eq!(plain_node(at(job, &["prune", "keep"])), nix_eval(&keep));
    assert_eq!(
        at(job, &["encryption", "mode"])["value"]["value"],
        "repokey"
    );
    assert_eq!(
        at(job, &["encryption", "passCommand"])["value"]["type"],
        "null"
    );
    // Failures are marked where they happen, and do not lose their neighbours.
    assert_eq!(at(job, &["failing"])["value"]["type"], "error");
    assert_eq!(at(job, &["failingAssert"])["value"]["type"], "error");
    let items = at(job, &["list"])["value"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items[0], json!({"type": "int", "value": 1}));
    assert_eq!(items[1]["type"], "error");
    assert_eq!(items[2], json!({"type": "float", "value": 2.5}));
    // Derivations by name (their outPath throws: it is never read), paths as strings,
    // functions dropped.
    assert_eq!(
        at(job, &["package"])["value"],
        json!({"type": "unknown", "text": "borgbackup-1.2.4", "reason": "package"})
    );
    let pre_hook = &at(job, &["preHook"])["value"];
    assert_eq!(pre_hook["type"], "path");
    assert!(pre_hook["value"].as_str().unwrap().ends_with("/host.nix"));
    assert_eq!(at(job, &["wrapper"])["value"], json!({"type": "function"}));
    // Definition files, mapped from the flake's store copy back to the directory.
    assert_eq!(files(at(job, &["repo"])), vec![host_file.clone()]);
    assert_eq!(files(at(job, &["prune", "keep"])), vec![host_file.clone()]);
    // An option without definitions is not a root.
    assert!(root(host, "borgbackup-repos", None).is_none());

    let restic = &root(host, "restic-backups", None).expect("restic root")["value"];
    assert_eq!(
        at(restic, &["remote", "passwordFile"])["value"]["type"],
        "error"
    );
    assert_eq!(
        at(restic, &["remote", "repository"])["value"]["value"],
        "s3:s3.example.org/bucket"
    );
    assert_eq!(
        plain_node(at(restic, &["remote", "timerConfig"])),
        json!({"OnCalendar": "03:00"})
    );

    let borgmatic = &root(host, "nixos-borgmatic", None).expect("borgmatic root")["value"];
    let names: Vec<&String> = borgmatic["attrs"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["enable", "settings"], "only defined options");
    assert_eq!(
        plain_node(at(borgmatic, &["settings", "source_directories"])),
        json!(["/etc"])
    );
    assert_eq!(files(at(borgmatic, &["enable"])), vec![host_file.clone()]);

    // A home-manager user of the NixOS host.
    let alice = &root(host, "home-programs-borgmatic", Some("alice")).expect("alice")["value"];
    let docs = at(alice, &["backups", "documents"]);
    assert_eq!(
        plain_node(at(docs, &["location", "sourceDirectories"])),
        json!(["/home/alice/Documents"])
    );
    assert_eq!(at(docs, &["retention", "keepDaily"])["value"]["value"], 7);
    assert_eq!(
        files(at(docs, &["retention", "keepDaily"])),
        vec![users_file]
    );
    assert!(
        root(host, "home-services-borgmatic", Some("alice")).is_none(),
        "alice does not define services.borgmatic"
    );

    // A home-manager configuration.
    let bob = system(&doc, "homeConfigurations.bob@laptop");
    assert_eq!(bob["class"], "home-manager");
    let programs = &root(bob, "home-programs-borgmatic", None).expect("programs")["value"];
    let names: Vec<&String> = programs["attrs"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["backups", "enable"], "package has no definition");
    assert_eq!(
        plain_node(at(
            programs,
            &["backups", "photos", "location", "repositories"]
        )),
        json!(["ssh://bob@nas/./photos"])
    );
    assert_eq!(
        files(at(programs, &["backups", "photos", "location"])),
        vec![home_file.clone()]
    );
    let services = &root(bob, "home-services-borgmatic", None).expect("services")["value"];
    let names: Vec<&String> = services["attrs"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["enable"]);
    assert_eq!(doc["systems"].as_array().unwrap().len(), 2);
}

#[test]
fn an_attribute_selects_one_configuration() {
    let (_tmp, dir) = fixture("bridge");
    let base = format!("path:{}", dir.display());
    for (attr, name) in [
        ("host", "nixosConfigurations.host"),
        ("nixosConfigurations.host", "nixosConfigurations.host"),
        (
            "homeConfigurations.bob@laptop",
            "homeConfigurations.bob@laptop",
        ),
    ] {
        let doc = run_json(&["eval", "--flake", &format!("{base}#{attr}")]);
        let systems = doc["systems"].as_array().unwrap();
        assert_eq!(systems.len(), 1, "{attr}");
        assert_eq!(systems[0]["name"], name);
    }
}

#[test]
fn a_relative_flake_path_works_from_its_directory() {
    let (_tmp, dir) = fixture("bridge");
    let out = backix()
        .current_dir(&dir)
        .args(["eval", "--flake", ".#host"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "failing values: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("ssh://backup@example.org/./home"), "{text}");
}

fn failure(args: &[&str], path_env: Option<&str>) -> (Output, String) {
    let mut cmd = backix();
    cmd.args(args);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let out = cmd.output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    (out, err)
}

#[test]
fn clear_errors_for_absent_attributes_broken_flakes_and_missing_nix() {
    let (_tmp, dir) = fixture("bridge");
    let (_, err) = failure(
        &["eval", "--flake", &format!("path:{}#nope", dir.display())],
        None,
    );
    assert!(err.contains("has no configuration nope"), "{err}");
    assert!(
        err.contains("nixosConfigurations.host"),
        "lists what exists: {err}"
    );

    let (_tmp2, broken) = fixture("broken");
    let (_, err) = failure(
        &["eval", "--flake", &format!("path:{}", broken.display())],
        None,
    );
    assert!(err.contains("does not evaluate"), "{err}");
    assert!(
        err.contains("the fixture host is broken on purpose"),
        "Nix's error: {err}"
    );

    let (_tmp3, empty) = fixture("empty");
    let (_, err) = failure(
        &["eval", "--flake", &format!("path:{}", empty.display())],
        None,
    );
    assert!(
        err.contains("no nixosConfigurations or homeConfigurations"),
        "{err}"
    );

    let (_, err) = failure(
        &["eval", "--flake", &format!("path:{}", dir.display())],
        Some("/nonexistent"),
    );
    assert!(err.contains("`nix` was not found"), "{err}");
}

#[test]
fn eval_json_reads_a_document_written_with_the_bridge() {
    let (tmp, dir) = fixture("bridge");
    let bridge = Path::new(env!("CARGO_MANIFEST_DIR")).join("nix/bridge.nix");
    let expr = format!(
        "let b = import {}; h = (builtins.getFlake \"path:{}\").nixosConfigurations.host; in b.document {{ inherit (h) config options; name = \"host\"; }}",
        bridge.display(),
        dir.display()
    );
    let out = Command::new("nix")
        .args([
            "eval",
            "--extra-experimental-features",
            "nix-command flakes",
            "--impure",
            "--json",
            "--expr",
            &expr,
        ])
        .output()
        .expect("nix");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = tmp.path().join("host.json");
    std::fs::write(&file, &out.stdout).expect("write");
    let doc = run_json(&["eval", "--eval-json", file.to_str().unwrap()]);
    let host = system(&doc, "host");
    assert_eq!(host["class"], "nixos", "guessed from the configuration");
    let jobs = &root(host, "borgbackup-jobs", None).expect("jobs")["value"];
    assert_eq!(
        at(jobs, &["home", "repo"])["value"]["value"],
        "ssh://backup@example.org/./home"
    );
    // Without --flake, files stay as the bridge named them (the store copy).
    assert!(files(at(jobs, &["home", "repo"]))[0].starts_with("/nix/store/"));

    // Human output, as `backix eval` prints static results.
    let out = backix()
        .args(["eval", "--eval-json", file.to_str().unwrap()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "the fixture has failing values");
    assert!(String::from_utf8_lossy(&out.stdout).contains("services.borgbackup.jobs"));

    // A document of another version, and a file that is not JSON.
    std::fs::write(&file, r#"{"version": 7, "systems": []}"#).unwrap();
    let (_, err) = failure(&["eval", "--eval-json", file.to_str().unwrap()], None);
    assert!(err.contains("version 7 is not supported"), "{err}");
    std::fs::write(&file, "nope").unwrap();
    let (_, err) = failure(&["eval", "--eval-json", file.to_str().unwrap()], None);
    assert!(
        err.contains("host.json") && err.contains("not valid JSON"),
        "{err}"
    );
}

/// Runs backix in `dir`; exit status, standard output and standard error.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = backix()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run backix");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The 1-based line and column of the first occurrence of `needle` in a fixture file.
fn line_col(file: &Path, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(file).expect("fixture file");
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {}", file.display()));
    let column = line[..line.find(needle).unwrap()].chars().count() + 1;
    (n as u64 + 1, column as u64)
}

/// The findings of a JSON lint report with this code whose message contains `text`.
fn findings<'a>(doc: &'a Value, code: &str, text: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code && f["message"].as_str().unwrap().contains(text))
        .collect()
}

#[test]
fn lint_flake_points_at_lines_the_static_analysis_knows_and_names_the_file_elsewhere() {
    let (_tmp, dir) = fixture("lint");
    let (code, out, err) = run_in(&dir, &["lint", "--flake", ".#host", "--format", "json"]);
    assert_eq!(code, 1, "errors found: {err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON report");

    // In backup.nix (a module the static analysis reads): the line and column of the value.
    let (line, column) = line_col(&dir.join("backup.nix"), "99\"");
    let home = findings(&doc, "BX031", "jobs.home.compression");
    assert_eq!(home.len(), 1, "{doc:#}");
    assert_eq!(home[0]["location"]["file"], "backup.nix");
    assert_eq!(home[0]["location"]["line"], line);
    assert_eq!(home[0]["location"]["column"], column);

    // A value Nix failed to evaluate: an error with the option path, at its line.
    let failed = findings(&doc, "eval-error", "services.borgbackup.jobs.home.preHook");
    assert_eq!(failed.len(), 1, "{doc:#}");
    assert!(
        failed[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("nixosConfigurations.host: services.borgbackup.jobs.home.preHook: "),
        "{}",
        failed[0]["message"]
    );
    assert_eq!(failed[0]["level"], "deny");
    assert_eq!(
        failed[0]["location"]["line"],
        line_col(&dir.join("backup.nix"), "throw").0
    );

    // In remote.nix (not a module): the file, no line, and the option named in a note.
    let remote = findings(&doc, "BX031", "jobs.remote.compression");
    assert_eq!(remote.len(), 1, "{doc:#}");
    assert_eq!(
        remote[0]["location"],
        json!({"file": "remote.nix", "line": null, "column": null, "end_line": null, "end_column": null})
    );
    let notes = remote[0]["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("nixosConfigurations.host: services.borgbackup.jobs.remote.compression")),
        "{notes:?}"
    );
    assert_eq!(doc["summary"]["errors"], 3, "{doc:#}");
    assert_eq!(doc["summary"]["files_with_findings"], 2);

    // A clean configuration passes.
    let (code, out, err) = run_in(&dir, &["lint", "--flake", ".#clean", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"], json!([]));
}

#[test]
fn lint_flake_findings_without_a_line_in_every_format() {
    let (_tmp, dir) = fixture("lint");
    let (line, column) = line_col(&dir.join("backup.nix"), "99\"");

    let (code, human, err) = run_in(&dir, &["lint", "--flake", ".#host", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        human.contains(&format!("backup.nix:{line}:{column}")),
        "a snippet at the line: {human}"
    );
    assert!(
        human.contains("compression = \"zstd,99\";"),
        "the source line: {human}"
    );
    let remote = human
        .split("\n\n")
        .find(|b| b.contains("jobs.remote.compression"))
        .expect("the remote finding");
    assert!(remote.contains("= in remote.nix"), "{remote}");
    assert!(!remote.contains("remote.nix:"), "no line: {remote}");
    assert!(err.contains("3 errors"), "summary: {err}");

    let (code, github, _) = run_in(&dir, &["lint", "--flake", ".#host", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 3, "{github}");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "::error file=backup.nix,line={line},col={column},"
        )) && l.contains("title=BX031")),
        "{github}"
    );
    let remote = lines
        .iter()
        .find(|l| l.contains("jobs.remote.compression"))
        .unwrap();
    assert!(
        remote.starts_with("::error file=remote.nix,title=BX031 "),
        "a file annotation without a line: {remote}"
    );

    let (code, sarif, _) = run_in(&dir, &["lint", "--flake", ".#host", "--format", "sarif"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    sarif_schema::validate(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let at = |text: &str| {
        results
            .iter()
            .find(|r| r["message"]["text"].as_str().unwrap().contains(text))
            .unwrap_or_else(|| panic!("{text} in {log:#}"))["locations"][0]["physicalLocation"]
            .clone()
    };
    let home = at("jobs.home.compression");
    assert_eq!(home["artifactLocation"]["uri"], "backup.nix");
    assert_eq!(home["region"]["startLine"], line);
    assert_eq!(home["region"]["startColumn"], column);
    let remote = at("jobs.remote.compression");
    assert_eq!(
        remote,
        json!({"artifactLocation": {"uri": "remote.nix"}}),
        "a file without a region"
    );
}

#[test]
fn lint_eval_json_uses_the_lines_of_the_files_nix_named() {
    let (tmp, dir) = fixture("lint");
    let bridge = Path::new(env!("CARGO_MANIFEST_DIR")).join("nix/bridge.nix");
    let expr = format!(
        "let b = import {}; h = (builtins.getFlake \"path:{}\").nixosConfigurations.host; in b.document {{ inherit (h) config options; name = \"host\"; }}",
        bridge.display(),
        dir.display()
    );
    let out = Command::new("nix")
        .args([
            "eval",
            "--extra-experimental-features",
            "nix-command flakes",
            "--impure",
            "--json",
            "--expr",
            &expr,
        ])
        .output()
        .expect("nix");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = tmp.path().join("host.json");
    std::fs::write(&file, &out.stdout).expect("write");
    let (code, text, err) = run_in(
        tmp.path(),
        &["lint", "--eval-json", "host.json", "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    // The bridge named the flake's store copy: backix read it there.
    let home = findings(&doc, "BX031", "jobs.home.compression");
    assert_eq!(home.len(), 1, "{doc:#}");
    let location = &home[0]["location"];
    assert!(
        location["file"]
            .as_str()
            .unwrap()
            .starts_with("/nix/store/")
            && location["file"].as_str().unwrap().ends_with("/backup.nix"),
        "{location}"
    );
    assert_eq!(
        location["line"],
        line_col(&dir.join("backup.nix"), "99\"").0
    );
    let remote = findings(&doc, "BX031", "jobs.remote.compression");
    assert_eq!(remote[0]["location"]["line"], Value::Null);
    assert!(
        remote[0]["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("/remote.nix")
    );
    assert_eq!(findings(&doc, "eval-error", "preHook").len(), 1);
}

#[test]
fn lint_flake_reports_nix_problems_clearly() {
    let (_tmp, dir) = fixture("lint");
    let (code, _, err) = run_in(&dir, &["lint", "--flake", ".#nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("has no configuration nope") && err.contains("nixosConfigurations.host"),
        "{err}"
    );

    let (_tmp2, broken) = fixture("broken");
    let (code, _, err) = run_in(&broken, &["lint", "--flake", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("does not evaluate") && err.contains("the fixture host is broken on purpose"),
        "Nix's own error: {err}"
    );

    let out = backix()
        .current_dir(&dir)
        .env("PATH", "/nonexistent")
        .args(["lint", "--flake", ".#host"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`nix` was not found"), "{err}");

    let (code, _, err) = run_in(&dir, &["lint", "--flake", ".#host", "backup.nix"]);
    assert_eq!(code, 2, "--flake with paths is a usage error: {err}");
}

#[test]
fn emit_builds_manifests_from_the_evaluated_configuration() {
    let (tmp, dir) = fixture("lint");
    let (code, out, err) = run_in(&dir, &["emit", "--flake", ".#clean"]);
    assert_eq!(code, 0, "{err}");
    let manifest: Value = serde_json::from_str(&out).expect("manifest JSON");
    let jobs = manifest["jobs"].as_array().expect("jobs");
    assert_eq!(jobs.len(), 1, "{manifest:#}");
    assert_eq!(jobs[0]["name"], "home");
    let text = manifest.to_string();
    assert!(text.contains("zstd,3"), "the job's compression: {text}");
    assert!(text.contains("/mnt/backup"), "the job's repository: {text}");

    // The same manifest from the bridge JSON written by Nix.
    let bridge = Path::new(env!("CARGO_MANIFEST_DIR")).join("nix/bridge.nix");
    let expr = format!(
        "let b = import {}; h = (builtins.getFlake \"path:{}\").nixosConfigurations.clean; in b.document {{ inherit (h) config options; name = \"nixosConfigurations.clean\"; }}",
        bridge.display(),
        dir.display()
    );
    let nix = Command::new("nix")
        .args([
            "eval",
            "--extra-experimental-features",
            "nix-command flakes",
            "--impure",
            "--json",
            "--expr",
            &expr,
        ])
        .output()
        .expect("nix");
    assert!(nix.status.success());
    let file = tmp.path().join("clean.json");
    std::fs::write(&file, &nix.stdout).unwrap();
    let (code, out2, err) = run_in(&dir, &["emit", "--eval-json", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let again: Value = serde_json::from_str(&out2).unwrap();
    assert_eq!(again["jobs"], manifest["jobs"]);

    // A value that fails to evaluate is named, and blocks the job that reads it.
    let (code, _, err) = run_in(&dir, &["emit", "--flake", ".#host"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("services.borgbackup.jobs.home.preHook"),
        "{err}"
    );

    let (code, _, err) = run_in(&dir, &["emit", "--flake", ".#nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no configuration nope"), "{err}");
}

/// A bridge document (as Nix writes it) with a job defined in a module (`lined.nix`), one in a
/// file the static analysis cannot read the option from (`other.nix`) and one in a file that
/// does not exist, each with a passphrase written in the configuration.
fn secret_document(dir: &Path) -> PathBuf {
    std::fs::write(
        dir.join("lined.nix"),
        "{ ... }:\n{\n  services.borgbackup.jobs.a = {\n    paths = [ \"/home\" ];\n    repo = \"/mnt/a\";\n    encryption.mode = \"repokey\";\n    encryption.passphrase = \"hunter2-secret-lined\";\n    startAt = \"daily\";\n  };\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("other.nix"), "{ }\n").unwrap();
    let string = |v: &str| json!({"type": "string", "value": v});
    let job = |passphrase: &str, repo: &str| {
        json!({"type": "set", "attrs": {
            "paths": {"type": "list", "items": [string("/home")]},
            "repo": string(repo),
            "encryption": {"type": "set", "attrs": {
                "mode": string("repokey"),
                "passphrase": string(passphrase),
            }},
            "startAt": string("daily"),
        }})
    };
    let file = |name: &str| dir.join(name).display().to_string();
    let doc = json!({"version": 1, "systems": [{"name": "host", "class": "nixos", "roots": [{
        "option": "services.borgbackup.jobs",
        "module": "borgbackup-jobs",
        "user": null,
        "value": {"type": "set", "attrs": {
            "a": job("hunter2-secret-lined", "/mnt/a"),
            "b": job("hunter2-secret-fileonly", "/mnt/b"),
            "c": job("hunter2-secret-missing", "/mnt/c"),
        }},
        "definitions": [
            {"file": file("lined.nix"), "path": ["a"]},
            {"file": file("other.nix"), "path": ["b"]},
            {"file": file("missing.nix"), "path": ["c"]},
        ],
    }]}]});
    let path = dir.join("doc.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

#[test]
fn lint_eval_json_never_shows_a_secret_and_names_missing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    secret_document(&dir);
    for format in ["human", "json", "sarif", "github"] {
        let (code, out, err) = run_in(
            &dir,
            &[
                "lint",
                "--eval-json",
                "doc.json",
                "--format",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(code, 1, "{format}: {err}");
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{format} shows a secret:\n{out}{err}"
        );
        assert!(out.contains("BX100"), "{format}: {out}");
    }
    let (_, out, _) = run_in(
        &dir,
        &["lint", "--eval-json", "doc.json", "--format", "json"],
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    let at = |job: &str| {
        let found = findings(&doc, "BX100", &format!("borg job `{job}`"));
        assert_eq!(found.len(), 1, "{job}: {doc:#}");
        found[0]["location"].clone()
    };
    assert_eq!(at("a")["file"], "lined.nix");
    assert_eq!(at("a")["line"], 7);
    assert_eq!(at("b")["file"], "other.nix");
    assert_eq!(at("b")["line"], Value::Null);
    // A file that is gone is still named.
    assert_eq!(at("c")["file"], "missing.nix");
    assert_eq!(at("c")["line"], Value::Null);
    // The masked source line is shown for the job whose line is known.
    let (_, human, _) = run_in(
        &dir,
        &["lint", "--eval-json", "doc.json", "--color", "never"],
    );
    assert!(human.contains("encryption.passphrase = ******"), "{human}");
}
