//! `backix lint` and `backix explain` from the command line: exit codes, inputs (files,
//! directories with .gitignore, standard input), levels from backix.toml and the command line,
//! suppression comments, output formats, colour, and the generated docs/lints.md.

mod sarif_schema;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn backix_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backix runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("backix finishes")
}

fn lint(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    backix_in(dir, &all, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    })
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

const CLEAN: &str = "{ services.openssh.enable = true; }\n";
const SYNTAX_ERROR: &str = "{\n  a = ;\n}\n";
const MISSING_IMPORT: &str = "{\n  imports = [\n    ./gone.nix\n  ];\n}\n";

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_clean_file_exits_0_with_a_summary() {
    let dir = tmp();
    write(dir.path(), "a.nix", CLEAN);
    let out = lint(dir.path(), &["a.nix"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "no problems found (1 file checked)\n",
        "summary on stderr"
    );
}

#[test]
fn a_syntax_error_exits_1() {
    let dir = tmp();
    write(dir.path(), "a.nix", SYNTAX_ERROR);
    write(dir.path(), "b.nix", CLEAN);
    let out = lint(dir.path(), &["a.nix", "b.nix"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("error[nix-syntax]"), "{stdout}");
    assert!(stdout.contains("a.nix:2:"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.ends_with(" errors, 0 warnings in 1 file (2 files checked)\n")
            || stderr == "1 error, 0 warnings in 1 file (2 files checked)\n",
        "{stderr}"
    );
}

#[test]
fn usage_and_input_errors_exit_2() {
    let dir = tmp();
    write(dir.path(), "a.nix", CLEAN);
    let cases: &[(&[&str], &str)] = &[
        (&["nope.nix"], "nope.nix: no such file or directory"),
        (&[], "give files or directories to check"),
        (
            &["--deny", "missing-imprt", "a.nix"],
            "did you mean 'missing-import'?",
        ),
        (
            &[
                "--deny",
                "missing-import",
                "--allow",
                "missing-import",
                "a.nix",
            ],
            "both with",
        ),
        (
            &["--config", "none.toml", "a.nix"],
            "none.toml: no such file",
        ),
    ];
    for (args, message) in cases {
        let out = lint(dir.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    write(dir.path(), "empty.nix", "");
    let out = lint(dir.path(), &["empty.nix"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("empty.nix: an empty file"));
}

#[test]
fn standard_input_is_read_under_the_given_name() {
    let dir = tmp();
    let out = backix_in(
        dir.path(),
        &["lint", "--stdin", "--stdin-filename", "hosts/x.nix"],
        Some(SYNTAX_ERROR),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("hosts/x.nix:2:"),
        "{}",
        text(&out.stdout)
    );
    let out = backix_in(dir.path(), &["lint", "--stdin"], Some(CLEAN));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "no problems found (1 file checked)\n");
    let out = backix_in(
        dir.path(),
        &["lint", "--stdin", "--format", "json"],
        Some(MISSING_IMPORT),
    );
    let v = json(&out);
    assert_eq!(codes(&v), vec!["missing-import"]);
    assert_eq!(v["findings"][0]["location"]["file"], "<stdin>");
}

#[test]
fn directories_are_walked_respecting_gitignore() {
    let dir = tmp();
    let d = dir.path();
    write(d, "conf/.gitignore", "ignored/\n*.local.nix\n");
    write(d, "conf/hosts/a.nix", CLEAN);
    write(d, "conf/hosts/b.local.nix", SYNTAX_ERROR);
    write(d, "conf/ignored/c.nix", SYNTAX_ERROR);
    write(d, "conf/.hidden/d.nix", SYNTAX_ERROR);
    write(d, "conf/result/e.nix", SYNTAX_ERROR);
    write(
        d,
        "conf/borg/main.yaml",
        "source_directories:\n  - /home\nrepositories:\n  - path: /mnt/repo\n",
    );
    write(d, "conf/ci.yml", "name: CI\non: push\n");
    let out = lint(d, &["conf", "--format", "json"]);
    let v = json(&out);
    assert!(
        !codes(&v).contains(&"nix-syntax".to_string()),
        "ignored files were read: {v}"
    );
    assert_eq!(v["summary"]["files_checked"], 2, "a.nix and main.yaml: {v}");
    // Given explicitly, an ignored file is read.
    let out = lint(d, &["conf/ignored/c.nix"]);
    assert_eq!(out.status.code(), Some(1));
    // A directory with nothing to check is a warning.
    std::fs::create_dir_all(d.join("nothing")).unwrap();
    let out = lint(d, &["nothing"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning: nothing: no .nix files"));
}

#[test]
fn levels_from_the_command_line() {
    let dir = tmp();
    write(dir.path(), "a.nix", MISSING_IMPORT);
    let out = lint(dir.path(), &["a.nix"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning: {}",
        text(&out.stdout)
    );
    assert!(text(&out.stdout).contains("warning[missing-import]"));
    let out = lint(dir.path(), &["--deny", "missing-import", "a.nix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("error[missing-import]"));
    let out = lint(dir.path(), &["--allow", "missing-import", "a.nix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
    // `all` names the rules, not the analysis warnings.
    let out = lint(dir.path(), &["--deny", "all", "a.nix"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_nearest_backix_toml_applies() {
    let dir = tmp();
    let d = dir.path();
    write(d, "backix.toml", "[rules]\nmissing-import = \"deny\"\n");
    write(d, "hosts/a.nix", MISSING_IMPORT);
    write(
        d,
        "home/backix.toml",
        "[rules]\nmissing-import = \"allow\"\n",
    );
    write(d, "home/b.nix", MISSING_IMPORT);
    let out = lint(d, &["hosts/a.nix"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "walked up: {}",
        text(&out.stdout)
    );
    let out = lint(d, &["home/b.nix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(codes(&json(&out)), Vec::<String>::new(), "nearest wins");
    // The command line beats the file.
    let out = lint(d, &["--warn", "missing-import", "hosts/a.nix"]);
    assert_eq!(out.status.code(), Some(0));
    // --config replaces the search.
    let out = lint(d, &["--config", "home/backix.toml", "hosts/a.nix"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn backix_toml_problems_are_reported_with_their_place() {
    let dir = tmp();
    let d = dir.path();
    write(d, "a.nix", CLEAN);
    write(
        d,
        "backix.toml",
        "[rules]\nmising-import = \"deny\"\nmissing-import = \"warn\"\n",
    );
    let out = lint(d, &["a.nix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "unknown-rule");
    assert_eq!(f["location"]["file"], "backix.toml");
    assert_eq!(f["location"]["line"], 2);
    assert!(f["help"].as_str().unwrap().contains("missing-import"));
    assert_eq!(
        v["summary"]["files_checked"], 1,
        "the configuration is not counted"
    );

    write(d, "backix.toml", "[rules]\nmissing-import = \"error\"\n");
    let out = lint(d, &["a.nix"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("backix.toml:2:18: 'error' is not a level"),
        "{stderr}"
    );
}

#[test]
fn suppression_comments() {
    let dir = tmp();
    let d = dir.path();
    let cases = [
        // On the line.
        "{\n  imports = [ ./gone.nix ]; # backix: allow missing-import\n}\n",
        // On the line above.
        "{\n  imports = [\n    # backix: allow missing-import\n    ./gone.nix\n  ];\n}\n",
        // Above the definition that contains it.
        "{\n  # backix: allow missing-import  the file is generated\n  imports = [\n    ./gone.nix\n  ];\n}\n",
        // At the end of the definition's first line.
        "{\n  imports = [ # backix: allow missing-import, not-a-module\n    ./gone.nix\n  ];\n}\n",
    ];
    for (i, case) in cases.iter().enumerate() {
        write(d, "a.nix", case);
        let out = lint(d, &["a.nix", "--format", "json"]);
        let v = json(&out);
        assert_eq!(codes(&v), Vec::<String>::new(), "case {i}: {v}");
        assert_eq!(v["summary"]["suppressed"], 1, "case {i}");
    }
    // A comment on another definition does not reach it.
    write(
        d,
        "a.nix",
        "{\n  # backix: allow missing-import\n  x = 1;\n  imports = [ ./gone.nix ];\n}\n",
    );
    let v = json(&lint(d, &["a.nix", "--format", "json"]));
    assert_eq!(codes(&v), vec!["missing-import"]);
    // An unknown code in a comment is reported where it is written.
    write(
        d,
        "a.nix",
        "{\n  # backix: allow missing-imports\n  imports = [ ./gone.nix ];\n}\n",
    );
    let v = json(&lint(d, &["a.nix", "--format", "json"]));
    assert_eq!(codes(&v), vec!["unknown-rule", "missing-import"]);
    assert_eq!(v["findings"][0]["location"]["line"], 2);
}

#[test]
fn json_format() {
    let dir = tmp();
    write(dir.path(), "a.nix", SYNTAX_ERROR);
    let out = lint(dir.path(), &["a.nix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "", "no summary line in machine formats");
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "nix-syntax");
    assert_eq!(f["level"], "deny");
    assert_eq!(f["location"]["file"], "a.nix");
    assert_eq!(f["location"]["line"], 2);
    let all = v["findings"].as_array().unwrap().len();
    assert!(all >= 1);
    assert_eq!(v["summary"]["errors"], all as u64);
    assert_eq!(v["summary"]["files_checked"], 1);
}

#[test]
fn sarif_format_is_valid() {
    let dir = tmp();
    write(dir.path(), "hosts/a.nix", SYNTAX_ERROR);
    write(dir.path(), "b.nix", MISSING_IMPORT);
    let out = lint(dir.path(), &["hosts/a.nix", "b.nix", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 2, "{log}");
    assert_eq!(results[0]["ruleId"], "missing-import");
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[1]["ruleId"], "nix-syntax");
    let loc = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "hosts/a.nix");
    assert_eq!(loc["region"]["startLine"], 2);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let registered = backix_schema::registry::rules().len();
    assert_eq!(
        rules.len(),
        registered + 2,
        "every rule plus the two analysis codes"
    );
    sarif_schema::validate(&log);
}

#[test]
fn github_format() {
    let dir = tmp();
    write(dir.path(), "a.nix", SYNTAX_ERROR);
    let out = lint(dir.path(), &["a.nix", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let line = stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("::error file=a.nix,line=2,col=")
            && line.contains(",endLine=2,endColumn=")
            && line.contains(",title=nix-syntax::"),
        "{stdout}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = tmp();
    write(dir.path(), "a.nix", SYNTAX_ERROR);
    let piped = lint(dir.path(), &["a.nix"]);
    assert!(
        !text(&piped.stdout).contains('\x1b'),
        "no colour when piped"
    );
    let always = lint(dir.path(), &["a.nix", "--color", "always"]);
    assert!(
        text(&always.stdout).contains("\x1b["),
        "{}",
        text(&always.stdout)
    );
}

#[test]
fn human_output_snapshots() {
    let dir = tmp();
    write(dir.path(), "hosts/a.nix", SYNTAX_ERROR);
    write(dir.path(), "b.nix", MISSING_IMPORT);
    let out = lint(dir.path(), &["hosts/a.nix", "b.nix"]);
    insta::assert_snapshot!(
        "human_syntax_and_missing_import",
        format!("{}--- stderr\n{}", text(&out.stdout), text(&out.stderr))
            .replace(&dir.path().display().to_string(), "[DIR]")
    );
}

#[test]
fn explain_unknown_rules_suggest_and_exit_2() {
    let dir = tmp();
    let out = backix_in(dir.path(), &["explain", "BX99999"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no rule 'BX99999'"));
    let out = backix_in(dir.path(), &["explain", "--list"], None);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    let rules = backix_schema::registry::rules();
    assert_eq!(listed.lines().count(), rules.len(), "{listed}");
    for rule in rules {
        assert!(listed.contains(rule.code) && listed.contains(rule.name));
        let out = backix_in(dir.path(), &["explain", rule.name], None);
        assert_eq!(out.status.code(), Some(0));
        let shown = text(&out.stdout);
        for part in [rule.code, rule.summary.trim(), rule.fix.trim()] {
            assert!(shown.contains(part), "{}: {shown}", rule.code);
        }
        // A near miss of the name is suggested.
        let typo = format!("{}x", rule.name);
        let out = backix_in(dir.path(), &["explain", &typo], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("did you mean"));
    }
}

#[test]
fn docs_lints_md_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = backix_in(root, &["explain", "--markdown-all"], None);
    assert_eq!(out.status.code(), Some(0));
    let generated = text(&out.stdout);
    let path = root.join("docs/lints.md");
    if std::env::var_os("BACKIX_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/lints.md is out of date with the rule registry; regenerate it with\n  \
         BACKIX_BLESS=1 cargo test --test cli_lint docs_lints_md_is_current"
    );
}

/// A reader that stops early (`backix schema | head -1`: 130 KB, twice a pipe's buffer) ends
/// backix quietly by SIGPIPE, as it ends other Unix tools: no panic message, no "Broken pipe"
/// error.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_backix"))
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backix runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the pipe is closed with most of the output unwritten.
    let out = child.wait_with_output().expect("backix ends");
    assert!(!first.is_empty());
    assert_eq!(out.status.signal(), Some(SIGPIPE), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// SIGPIPE's number on Linux.
const SIGPIPE: i32 = 13;
