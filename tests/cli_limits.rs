//! Every limit of docs/limits.md from the command line: a file, standard input or an import
//! too large, nesting too deep, the step budget, values too large, findings flooding the
//! output, YAML alias bombs and deep YAML, and a panic while analysing one file. Each ends in a
//! clear message naming the file (and the line where there is one) and the documented exit
//! code, quickly, without a panic's noise.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs backix in `dir`, with `stdin` on standard input and extra environment variables.
fn run(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(dir)
        .env_remove("BACKIX_DEBUG_PANIC_ON")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backix runs");
    let mut input = child.stdin.take().expect("stdin");
    // backix may stop reading early (a limit): a broken pipe is expected then.
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().expect("backix finishes");
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "backix {args:?} took {took:?}"
    );
    let stderr = text(&out.stderr);
    for noise in ["panicked", "RUST_BACKTRACE", "stack backtrace", "overflow"] {
        assert!(
            !stderr.contains(noise),
            "backix {args:?}: `{noise}` on stderr:\n{stderr}"
        );
    }
    out
}

fn backix(dir: &Path, args: &[&str]) -> Output {
    run(dir, args, b"", &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn all(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

/// A module with one borg job, clean apart from BX110 (no retention).
const JOB: &str = r#"{ ... }:
{
  services.borgbackup.jobs.home = {
    paths = [ "/home" ];
    repo = "/mnt/backup";
    encryption.mode = "none";
  };
}
"#;

/// A valid borgmatic configuration.
const YAML: &str = "source_directories:\n    - /home\nrepositories:\n    - path: /mnt/backup\n      label: local\nkeep_daily: 7\n";

/// A sparse file just over the default limit of 64 MiB (nothing is written to disk).
fn sparse_over_default(path: &Path) {
    let file = std::fs::File::create(path).expect("create");
    file.set_len((64 << 20) + 1).expect("set_len");
}

const DEFAULT_LIMIT: &str = "67108865 bytes, larger than the limit of 67108864 bytes (64 MiB)";

#[test]
fn a_nix_file_over_the_size_limit_is_refused_by_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    sparse_over_default(&d.join("big.nix"));
    // Rewriting in place exits 1 for any file it cannot migrate, and goes on with the others.
    for (args, exit) in [
        (&["lint", "big.nix"][..], 2),
        (&["eval", "big.nix"], 2),
        (&["eval", "--value", "big.nix"], 2),
        (&["emit", "big.nix"], 2),
        (&["migrate", "big.nix"], 1),
        (&["migrate", "--to", "borgmatic", "big.nix"], 2),
    ] {
        let out = backix(d, args);
        let shown = all(&out);
        assert_eq!(code(&out), exit, "{args:?}:\n{shown}");
        assert!(
            shown.contains(&format!("big.nix: {DEFAULT_LIMIT}")),
            "{args:?}:\n{shown}"
        );
    }
}

#[test]
fn the_limit_is_set_with_max_file_size_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("ok.nix"), JOB).expect("write");
    let big = format!("{JOB}{}", "# padding\n".repeat(200));
    std::fs::write(d.join("big.nix"), &big).expect("write");
    let out = backix(d, &["lint", "--max-file-size", "1024", "ok.nix", "big.nix"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: big.nix: {} bytes, larger than the limit of 1024 bytes (1 KiB)",
            big.len()
        )),
        "{stderr}"
    );
    assert!(
        stdout.contains("ok.nix:"),
        "ok.nix still checked:\n{stdout}"
    );
    // Within the limit, the same file is checked.
    let limit = big.len().to_string();
    let out = backix(d, &["lint", "--max-file-size", &limit, "big.nix"]);
    assert_eq!(code(&out), 0, "{}", all(&out));
    let out = backix(d, &["eval", "--max-file-size", "100", "--value", "ok.nix"]);
    assert_eq!(code(&out), 2);
    assert!(
        all(&out).contains(&format!(
            "ok.nix: {} bytes, larger than the limit of 100 bytes",
            JOB.len()
        )),
        "{}",
        all(&out)
    );
}

#[test]
fn yaml_files_and_standard_input_over_the_limit_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let big = format!("{YAML}{}", "# padding\n".repeat(200));
    std::fs::write(d.join("big.yaml"), &big).expect("write");
    let out = backix(d, &["lint", "--max-file-size", "1000", "big.yaml"]);
    assert_eq!(code(&out), 2, "{}", all(&out));
    assert!(
        text(&out.stderr).contains(&format!(
            "big.yaml: {} bytes, larger than the limit of 1000 bytes",
            big.len()
        )),
        "{}",
        all(&out)
    );
    // Standard input, Nix and YAML: reading stops after the limit.
    for name in ["in.nix", "in.yaml"] {
        let out = run(
            d,
            &[
                "lint",
                "--max-file-size",
                "1000",
                "--stdin",
                "--stdin-filename",
                name,
            ],
            big.as_bytes(),
            &[],
        );
        assert_eq!(code(&out), 2, "{}", all(&out));
        assert!(
            text(&out.stderr)
                .contains("standard input: 1001 bytes, larger than the limit of 1000 bytes"),
            "{}",
            all(&out)
        );
    }
    // The default limit applies to YAML given to migrate.
    sparse_over_default(&d.join("huge.yaml"));
    let out = backix(d, &["migrate", "huge.yaml"]);
    assert_eq!(code(&out), 2, "{}", all(&out));
    assert!(
        all(&out).contains(&format!("huge.yaml: {DEFAULT_LIMIT}")),
        "{}",
        all(&out)
    );
}

#[test]
fn an_imported_module_over_the_limit_is_reported_at_the_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(
        d.join("host.nix"),
        "{ ... }:\n{\n  imports = [ ./big.nix ];\n}\n",
    )
    .expect("write");
    std::fs::write(d.join("big.nix"), format!("{JOB}{}", "#\n".repeat(600))).expect("write");
    let out = backix(d, &["lint", "--max-file-size", "1000", "host.nix"]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(
        stdout.contains("larger than the limit of 1000 bytes"),
        "{stdout}"
    );
    assert!(stdout.contains("host.nix:3:"), "at the import:\n{stdout}");
}

#[test]
fn nix_nested_too_deeply_is_a_syntax_error_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let n = 20_000;
    let src = format!(
        "{{ ... }}:\n{{\n  services.borgbackup.jobs.x.paths = {}\"/a\"{};\n}}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    std::fs::write(d.join("deep.nix"), src).expect("write");
    for args in [&["lint", "deep.nix"][..], &["eval", "deep.nix"]] {
        let out = backix(d, args);
        let shown = all(&out);
        assert_eq!(
            code(&out),
            1,
            "{args:?}: {}",
            &shown[..shown.len().min(2000)]
        );
        assert!(
            shown.contains("nested deeper than 10000 levels"),
            "{args:?}: {}",
            &shown[..shown.len().min(2000)]
        );
        assert!(shown.contains("deep.nix:3:"), "{args:?}");
    }
}

#[test]
fn the_step_budget_ends_lint_and_eval_with_a_message_at_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let src = r#"{ ... }:
{
  services.borgbackup.jobs.x = {
    paths = [ "/a" ];
    repo = "/r";
    encryption.mode = "none";
    archiveBaseName = toString (builtins.length (builtins.genList (x: x * 2) 100000));
  };
}
"#;
    std::fs::write(d.join("steps.nix"), src).expect("write");
    let out = backix(d, &["lint", "--max-steps", "10000", "steps.nix"]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(
        stdout.contains("error[eval-error]: services.borgbackup.jobs.x.archiveBaseName: evaluation stopped after 10000 steps (the step budget); raise it with --max-steps"),
        "{stdout}"
    );
    assert!(stdout.contains("steps.nix:7:"), "{stdout}");
    // Reported once, however many later values the spent budget failed.
    assert_eq!(stdout.matches("step budget").count(), 1, "{stdout}");
    // `eval` shows the failed values in place, and fails.
    let out = backix(d, &["eval", "--max-steps", "10000", "steps.nix"]);
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(
        text(&out.stdout).contains(
            "services.borgbackup.jobs.x.archiveBaseName = <error: evaluation stopped after 10000 steps"
        ),
        "{}",
        all(&out)
    );
    // With the default budget the same file is clean of evaluation errors.
    let out = backix(d, &["lint", "steps.nix"]);
    assert_eq!(code(&out), 0, "{}", all(&out));
    let out = backix(
        d,
        &[
            "eval",
            "--max-steps",
            "1000",
            "--expr",
            "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 100000)",
        ],
    );
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(all(&out).contains("step budget"), "{}", all(&out));
}

#[test]
fn values_too_large_are_refused_with_their_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let src = r#"{ ... }:
{
  services.borgbackup.jobs.x = {
    paths = [ "/a" ];
    repo = "/r";
    encryption.mode = "none";
    exclude = builtins.genList (x: "/a/${toString x}") 100000000;
  };
}
"#;
    std::fs::write(d.join("huge.nix"), src).expect("write");
    let out = backix(d, &["lint", "huge.nix"]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(
        stdout.contains("a list or string of 100000000 elements exceeds the limit of 67108864"),
        "{stdout}"
    );
    assert!(stdout.contains("huge.nix:7:"), "{stdout}");
    // A string doubled until it is too large.
    let out = backix(
        d,
        &[
            "eval",
            "--expr",
            "let f = s: n: if n == 0 then s else f (s + s) (n - 1); in builtins.stringLength (f \"ab\" 30)",
        ],
    );
    assert_eq!(code(&out), 1, "{}", all(&out));
    assert!(
        all(&out).contains("exceeds the limit of 67108864"),
        "{}",
        all(&out)
    );
}

/// A module with `n` borg jobs, each one BX110 finding (no retention).
fn many_jobs(n: usize) -> String {
    let mut src = String::from("{ ... }:\n{\n");
    for i in 0..n {
        src.push_str(&format!(
            "  services.borgbackup.jobs.j{i} = {{ paths = [ \"/a\" ]; repo = \"/r/{i}\"; encryption.mode = \"none\"; }};\n"
        ));
    }
    src + "}\n"
}

#[test]
fn findings_shown_per_file_are_capped_and_the_rest_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("many.nix"), many_jobs(260)).expect("write");
    std::fs::write(d.join("few.nix"), many_jobs(3)).expect("write");
    let out = backix(
        d,
        &[
            "lint", "--color", "never", "--deny", "BX110", "many.nix", "few.nix",
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // The exit code and the summary count every finding.
    assert_eq!(code(&out), 1, "{stderr}");
    assert!(stderr.contains("263 errors"), "{stderr}");
    assert_eq!(stdout.matches("error[BX110]").count(), 203, "200 + 3 shown");
    assert!(
        stdout.contains(
            "many.nix: 60 more findings not shown (at most 200 per file; --max-findings-per-file 0 shows all)"
        ),
        "{}",
        &stdout[stdout.len().saturating_sub(500)..]
    );
    assert!(!stdout.contains("few.nix: "), "few.nix is under the cap");
    // The cap is configurable; 0 shows everything.
    let out = backix(d, &["lint", "--max-findings-per-file", "10", "many.nix"]);
    assert_eq!(text(&out.stdout).matches("warning[BX110]").count(), 10);
    assert!(text(&out.stdout).contains("many.nix: 250 more findings not shown"));
    let out = backix(d, &["lint", "--max-findings-per-file", "0", "many.nix"]);
    assert_eq!(text(&out.stdout).matches("warning[BX110]").count(), 260);
    assert!(!text(&out.stdout).contains("not shown"));
    // GitHub annotations are capped too, with a notice; JSON and SARIF keep every finding.
    let out = backix(d, &["lint", "--format", "github", "many.nix"]);
    let github = text(&out.stdout);
    assert_eq!(github.matches("::warning ").count(), 200, "{github}");
    assert!(github.contains("::notice::many.nix: 60 more findings not shown"));
    let out = backix(d, &["lint", "--format", "json", "many.nix"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["findings"].as_array().expect("findings").len(), 260);
    let out = backix(d, &["lint", "--format", "sarif", "many.nix"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    assert_eq!(
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .len(),
        260
    );
}

#[test]
fn a_yaml_alias_bomb_fails_fast_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let mut bomb = String::from("source_directories: [/a]\nrepositories: [{path: /r}]\n");
    bomb.push_str(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    std::fs::write(d.join("bomb.yaml"), &bomb).expect("write");
    for args in [&["lint", "bomb.yaml"][..], &["migrate", "bomb.yaml"]] {
        let out = backix(d, args);
        let shown = all(&out);
        assert_eq!(code(&out), 1, "{args:?}: {shown}");
        assert!(
            shown.contains("error[BX060]: YAML expands to more than 200000 values"),
            "{args:?}: {shown}"
        );
        assert!(shown.contains("bomb.yaml:8:"), "{args:?}: {shown}");
    }
}

#[test]
fn yaml_nested_too_deeply_fails_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let block: String = (1..=300)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect::<String>()
        + &"  ".repeat(301)
        + "v\n";
    let cases = [
        (
            "block.yaml",
            format!("source_directories: [/a]\nrepositories: [{{path: /r}}]\nx:\n{block}"),
            "YAML nested deeper than 200 levels",
        ),
        (
            "flow.yaml",
            format!(
                "source_directories: [/a]\nrepositories: [{{path: /r}}]\nx: {}{}\n",
                "[".repeat(5000),
                "]".repeat(5000)
            ),
            "nested deeper than",
        ),
    ];
    for (name, src, message) in cases {
        std::fs::write(d.join(name), &src).expect("write");
        let out = backix(d, &["lint", name]);
        let shown = all(&out);
        let head = &shown[..shown.len().min(1500)];
        assert_eq!(code(&out), 1, "{name}: {head}");
        assert!(shown.contains(message), "{name}: {head}");
        assert!(shown.contains(&format!("{name}:")), "{name}: {head}");
    }
}

#[test]
fn a_panic_while_checking_one_file_is_an_internal_error_for_that_file_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    for name in ["a.nix", "b.nix", "bad.nix"] {
        std::fs::write(d.join(name), JOB).expect("write");
    }
    std::fs::write(d.join("ok.yaml"), YAML).expect("write");
    std::fs::write(d.join("bad.yaml"), YAML).expect("write");
    if !cfg!(debug_assertions) {
        // Release builds (the test and backix share the profile) have no such hook.
        let out = run(
            d,
            &["lint", "a.nix", "bad.nix"],
            b"",
            &[("BACKIX_DEBUG_PANIC_ON", "bad.nix")],
        );
        assert_eq!(code(&out), 0, "{}", all(&out));
        assert!(!all(&out).contains("internal-error"));
        return;
    }
    for (bad, files) in [
        ("bad.nix", &["a.nix", "b.nix", "bad.nix"][..]),
        ("bad.yaml", &["a.nix", "ok.yaml", "bad.yaml"]),
    ] {
        let mut args = vec!["lint", "--color", "never"];
        args.extend_from_slice(files);
        let out = run(d, &args, b"", &[("BACKIX_DEBUG_PANIC_ON", bad)]);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        // Exit 2: an internal error (docs/lint-json.md).
        assert_eq!(code(&out), 2, "{stdout}{stderr}");
        assert!(
            stdout.contains(&format!(
                "error[internal-error]: internal error while analysing {bad}:"
            )),
            "{stdout}"
        );
        assert_eq!(stdout.matches("internal-error").count(), 1, "{stdout}");
        // The other files are still checked: a.nix's finding is there.
        assert!(stdout.contains("a.nix:3:"), "{stdout}");
        if bad == "bad.nix" {
            assert!(stdout.contains("b.nix:3:"), "{stdout}");
        }
        // One summary line on stderr, nothing else.
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        // JSON carries the same internal error.
        let mut json_args = vec!["lint", "--format", "json"];
        json_args.extend_from_slice(files);
        let out = run(d, &json_args, b"", &[("BACKIX_DEBUG_PANIC_ON", bad)]);
        assert_eq!(code(&out), 2);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let codes: Vec<&str> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(codes.contains(&"internal-error"), "{codes:?}");
        assert!(codes.contains(&"BX110"), "{codes:?}");
    }
    // Without the variable nothing panics.
    let out = backix(d, &["lint", "a.nix", "bad.nix", "bad.yaml"]);
    assert_eq!(code(&out), 0, "{}", all(&out));
}
