//! `backix migrate FILE.yaml`: borgmatic YAML → `services.borgbackup.jobs`, checked by
//! evaluating the written module with nix-instantiate, and end to end against real borgmatic
//! 2.1.10 and borg 1.2 (the same files backed up from the same tree).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn require(tool: &str, arg: &str) {
    let ok = Command::new(tool).arg(arg).output().is_ok();
    assert!(ok, "{tool} is required for this test: run scripts/setup");
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn backix(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .current_dir(cwd)
        .env("TZ", "UTC")
        .output()
        .expect("backix runs")
}

/// Migrates `yaml` written as `<dir>/<name>.yaml`; returns (exit code, stdout, stderr).
fn migrate(dir: &Path, name: &str, yaml: &str, extra: &[&str]) -> (i32, String, String) {
    let file = dir.join(format!("{name}.yaml"));
    fs::write(&file, yaml).unwrap();
    let mut args = vec!["migrate", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = backix(&args, dir);
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Parses and evaluates a written module; returns its `services.borgbackup.jobs` as JSON.
fn eval_jobs(dir: &Path, module: &str) -> Value {
    require("nix-instantiate", "--version");
    let file = dir.join("module.nix");
    fs::write(&file, module).unwrap();
    let parse = Command::new("nix-instantiate")
        .args(["--parse", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        parse.status.success(),
        "nix-instantiate --parse refused:\n{module}\n{}",
        text(&parse.stderr)
    );
    let expr = format!(
        "(import {} {{ config = {{ networking.hostName = \"h\"; }}; lib = {{}}; pkgs = {{}}; }}).services.borgbackup.jobs",
        file.display()
    );
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "-E", &expr])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "evaluation failed:\n{module}\n{}",
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn report_json(stderr: &str) -> Vec<Value> {
    let start = stderr.find('[').expect("a JSON report");
    let end = stderr.rfind(']').unwrap();
    serde_json::from_str(&stderr[start..=end]).unwrap()
}

const FLAT: &str = r#"source_directories:
  - /srv/data
  - /srv/my docs
repositories:
  - path: /mnt/backup/repo
    label: local
exclude_patterns:
  - '*.pyc'
  - sh:/srv/data/**/tmp
exclude_caches: true
exclude_if_present:
  - .nobackup
one_file_system: true
compression: zstd,6
encryption_passphrase: "s3cr3t-passw0rd"
archive_name_format: "docs-{now:%Y-%m-%d}"
keep_daily: 7
keep_weekly: 4
keep_within: 3H
ssh_command: ssh -i /root/.ssh/id_borg
borg_cache_directory: /var/cache/borg
relocated_repo_access_is_ok: true
lock_wait: 5
umask: 77
compact_threshold: 20
extra_borg_options:
  create: --noatime --comment "hello world"
  prune: --save-space
  check: --verify-data
commands:
  - before: action
    when: [create]
    run: ["echo starting {repository}"]
  - after: action
    when: [create]
    states: [finish]
    run: [echo done]
  - after: error
    run: ["echo failed {error}"]
checks:
  - name: repository
healthchecks:
  ping_url: https://hc.example/x
postgresql_databases:
  - name: all
retries: 3
"#;

#[test]
fn flat_configuration_becomes_the_intended_job() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = migrate(
        dir.path(),
        "home",
        FLAT,
        &["--schedule", "home=*-*-* 02:00"],
    );
    assert_eq!(code, 0, "{err}");
    let jobs = eval_jobs(dir.path(), &out);
    let job = &jobs["home"];
    assert_eq!(job["repo"], "/mnt/backup/repo");
    assert_eq!(job["paths"], json!(["/srv/data", "/srv/my docs"]));
    // Without patterns the excludes go to `exclude`, in borgmatic's styles.
    assert_eq!(job["exclude"], json!(["*.pyc", "sh:/srv/data/**/tmp"]));
    assert!(job.get("patterns").is_none());
    assert_eq!(job["compression"], "zstd,6");
    assert_eq!(
        job["encryption"],
        json!({"mode": "repokey", "passCommand": "cat /etc/borgbackup/home.passphrase"})
    );
    assert_eq!(job["doInit"], false);
    assert_eq!(job["archiveBaseName"], "docs");
    assert_eq!(job["dateFormat"], "+%Y-%m-%d");
    assert_eq!(
        job["prune"],
        json!({"keep": {"daily": 7, "weekly": 4, "within": "3H"}, "prefix": "docs-"})
    );
    assert_eq!(
        job["environment"],
        json!({
            "BORG_RSH": "ssh -i /root/.ssh/id_borg",
            "BORG_CACHE_DIR": "/var/cache/borg",
            "BORG_RELOCATED_REPO_ACCESS_IS_OK": "YES"
        })
    );
    assert_eq!(job["readWritePaths"], json!(["/var/cache/borg"]));
    assert_eq!(
        job["extraArgs"],
        json!(["--lock-wait", "5", "--umask", "77"])
    );
    assert_eq!(
        job["extraCreateArgs"],
        json!([
            "--exclude-caches",
            "--exclude-if-present",
            ".nobackup",
            "--one-file-system",
            "--noatime",
            "--comment",
            "hello world"
        ])
    );
    assert_eq!(job["extraPruneArgs"], json!(["--save-space"]));
    assert_eq!(job["extraCompactArgs"], json!(["--threshold", "20"]));
    assert_eq!(job["failOnWarnings"], false);
    assert_eq!(job["startAt"], "*-*-* 02:00");
    assert_eq!(job["preHook"], "echo starting \"$BORG_REPO\"\n");
    assert_eq!(job["postCreate"], "echo done\n");
    assert_eq!(
        job["postHook"],
        "if [ \"$exitStatus\" -ne 0 ]; then\n  echo failed ''\nfi\n"
    );
    // The report names what has no equivalent, with the line it is on.
    for key in [
        "checks",
        "healthchecks",
        "postgresql_databases",
        "retries",
        "extra_borg_options.check",
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!(": {key}: not carried: "))),
            "{key} missing from the report:\n{err}"
        );
    }
    assert!(err.contains("home.yaml:40: checks: not carried"), "{err}");
    assert!(
        err.contains(
            "home.yaml:15: encryption_passphrase → jobs.home.encryption.passCommand: lossy"
        ),
        "{err}"
    );
    // The passphrase is never printed.
    assert!(!out.contains("s3cr3t-passw0rd") && !err.contains("s3cr3t-passw0rd"));
}

const LEGACY: &str = r#"location:
  source_directories: [/home]
  repositories:
    - user@host:backups
    - path: /mnt/other
      label: usb disk
  patterns:
    - R /home
    - '+ /home/susan'
  exclude_patterns:
    - /home/*
storage:
  encryption_passcommand: cat /root/pass
  encryption_passphrase: ""
retention:
  keep_daily: 3
  prefix: myhost-
hooks:
  before_backup: [mount /mnt]
  after_backup: [umount /mnt]
  on_error: [echo oops]
  after_everything: [echo all done]
"#;

#[test]
fn legacy_configuration_gives_one_job_per_repository() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = migrate(dir.path(), "legacy", LEGACY, &[]);
    assert_eq!(code, 0, "{err}");
    let jobs = eval_jobs(dir.path(), &out);
    let names: Vec<&String> = jobs.as_object().unwrap().keys().collect();
    assert_eq!(names, ["legacy-1", "legacy-usb-disk"]);
    let first = &jobs["legacy-1"];
    // borgmatic's normalization rewrote the scp-style path.
    assert_eq!(first["repo"], "ssh://user@host/./backups");
    assert_eq!(jobs["legacy-usb-disk"]["repo"], "/mnt/other");
    // The exclude follows the patterns, as in borgmatic, so susan stays included.
    assert_eq!(
        first["patterns"],
        json!(["R /home", "+ /home/susan", "! fm:/home/*"])
    );
    assert!(first.get("exclude").is_none());
    assert_eq!(first["encryption"]["passCommand"], "cat /root/pass");
    assert_eq!(
        first["prune"],
        json!({"keep": {"daily": 3}, "prefix": "myhost-"})
    );
    assert_eq!(first["preHook"], "mount /mnt\n");
    assert_eq!(first["postCreate"], "umount /mnt\n");
    assert_eq!(
        first["postHook"],
        "if [ \"$exitStatus\" -ne 0 ]; then\n  echo oops\nfi\necho all done\n"
    );
    // Legacy hooks are reported under the key the user wrote, at its line.
    assert!(
        err.contains("legacy.yaml:20: after_backup → jobs.legacy-1.postCreate: lossy"),
        "{err}"
    );
    assert!(
        err.contains("repositories[].path → jobs.legacy-1.repo: lossy"),
        "{err}"
    );
}

#[test]
fn archive_names_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        "source_directories: [/a]\nrepositories: [{path: /r, encryption: none}]\nkeep_daily: 1\n";
    let cases: &[(&str, Value)] = &[
        // Default: the module's naming, pruning borgmatic's `{hostname}-*` too.
        ("", json!({"prefix": "h-", "base": null, "date": null})),
        (
            "archive_name_format: '{hostname}-docs-{utcnow:%s}'\n",
            json!({"prefix": "h-docs-", "base": "h-docs", "date": "-u +%s"}),
        ),
        (
            "archive_name_format: '{now:%Y %f}'\n",
            json!({"prefix": null, "base": null, "date": "'+%Y %6N'"}),
        ),
        (
            "archive_name_format: 'x-{now}'\nmatch_archives: 'sh:x-*'\n",
            json!({"prefix": "x-", "base": "x", "date": null}),
        ),
        (
            "archive_name_format: 'x-{now}'\nmatch_archives: '*'\n",
            json!({"prefix": null, "base": "x", "date": null}),
        ),
        (
            "archive_name_format: 'x_{now}'\n",
            json!({"prefix": null, "base": null, "date": null}),
        ),
    ];
    for (extra, want) in cases {
        let (code, out, err) = migrate(dir.path(), "n", &format!("{base}{extra}"), &[]);
        assert_eq!(code, 0, "{extra}: {err}");
        let job = &eval_jobs(dir.path(), &out)["n"];
        let prefix = job["prune"].get("prefix").cloned().unwrap_or(Value::Null);
        assert_eq!(prefix, want["prefix"], "{extra}\n{out}");
        let base = job.get("archiveBaseName").cloned().unwrap_or(Value::Null);
        assert_eq!(base, want["base"], "{extra}\n{out}");
        let date = job.get("dateFormat").cloned().unwrap_or(Value::Null);
        assert_eq!(date, want["date"], "{extra}\n{out}");
    }
    // A separator other than `-` cannot be written: reported, with a suggested hook.
    let (_, _, err) = migrate(
        dir.path(),
        "n",
        &format!("{base}archive_name_format: 'x_{{now}}'\n"),
        &[],
    );
    assert!(err.contains("archive_name_format: not carried"), "{err}");
    assert!(err.contains("suggestion: set `archiveName="), "{err}");
    // A regular expression filter cannot be a prefix.
    let (_, _, err) = migrate(
        dir.path(),
        "n",
        &format!("{base}match_archives: 're:^x'\n"),
        &[],
    );
    assert!(err.contains("match_archives: not carried"), "{err}");
}

#[test]
fn every_report_outcome_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = migrate(dir.path(), "j", FLAT, &["--report", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = report_json(&err);
    let outcome = |key: &str| {
        report
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("{key} not in {report:#?}"))
            .clone()
    };
    assert_eq!(outcome("keep_daily")["outcome"], "exact");
    assert_eq!(outcome("keep_daily")["target"], "jobs.j.prune.keep.daily");
    assert_eq!(
        outcome("keep_daily")["at"],
        format!("{}:17", dir.path().join("j.yaml").display())
    );
    assert_eq!(outcome("umask")["outcome"], "lossy");
    assert!(outcome("umask")["why"].as_str().unwrap().contains("hooks"));
    assert_eq!(outcome("checks")["outcome"], "not-carried");
    assert!(
        outcome("checks")["suggestion"]
            .as_str()
            .unwrap()
            .contains("borg check")
    );
    assert_eq!(outcome("(schedule)")["outcome"], "lossy");
    assert!(!err.contains("s3cr3t-passw0rd"));
}

#[test]
fn strict_fails_on_any_loss_and_passes_an_exact_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = migrate(dir.path(), "s", FLAT, &["--strict"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "nothing is written when --strict refuses");
    assert!(err.contains("--strict"), "{err}");
    let exact = "source_directories: [/a]\nrepositories: [{path: /r, encryption: repokey}]\n\
                 encryption_passcommand: cat /k\narchive_name_format: 'a-{now}'\nkeep_daily: 3\n";
    let (code, out, err) = migrate(
        dir.path(),
        "e",
        exact,
        &["--strict", "--schedule", "e=hourly"],
    );
    assert_eq!(code, 0, "{err}");
    let job = &eval_jobs(dir.path(), &out)["e"];
    assert_eq!(job["startAt"], "hourly");
    assert_eq!(job["encryption"]["mode"], "repokey");
}

#[test]
fn rejected_file_fails_with_located_findings_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "source_directories: [/a]\nrepositories: [{path: /r}]\nencryption_passphrase: hunter2-secret\nkeep_dayly: 3\n";
    let (code, out, err) = migrate(dir.path(), "bad", yaml, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("borgmatic refuses"), "{err}");
    assert!(err.contains("BX061"), "{err}");
    assert!(err.contains("bad.yaml:4"), "{err}");
    assert!(!err.contains("hunter2-secret"), "{err}");
    // Not YAML at all.
    let (code, _, err) = migrate(dir.path(), "syntax", "a: [\n", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("syntax.yaml:"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "source_directories: [/a]\nrepositories: [{path: /r}]\nkeep_daily: 1\n";
    let (code, _, err) = migrate(dir.path(), "u", yaml, &["--schedule", "u=dayly"]);
    assert_eq!(code, 2);
    assert!(err.contains("--schedule u=dayly"), "{err}");
    assert!(err.contains('^'), "points at the calendar: {err}");
    let (code, _, err) = migrate(dir.path(), "u", yaml, &["--schedule", "other=daily"]);
    assert_eq!(code, 2);
    assert!(err.contains("no migrated job is named `other`"), "{err}");
    let out = backix(&["migrate", "/does/not/exist.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/does/not/exist.yaml"));
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "source_directories: [/a]\nrepositories: [{path: /r}]\nkeep_daily: 1\n";
    fs::write(dir.path().join("o.yaml"), yaml).unwrap();
    let target = dir.path().join("out.nix");
    let out = backix(
        &["migrate", "o.yaml", "--output", target.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let module = fs::read_to_string(&target).unwrap();
    assert_eq!(eval_jobs(dir.path(), &module)["o"]["paths"], json!(["/a"]));
}

#[test]
fn home_manager_symlink_file_becomes_exclude_lines() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "source_directories: [/home/u]\nrepositories: [{path: /r}]\nkeep_daily: 1\n\
                exclude_from: [/etc/mine, /nix/store/0123456789abcdfghijklmnpqrsvwxyz-hm-symlinks.txt]\n";
    let (code, out, err) = migrate(dir.path(), "hm", yaml, &["--home", "u=/home/u"]);
    assert_eq!(code, 0, "{err}");
    let job = &eval_jobs(dir.path(), &out)["hm"];
    assert_eq!(job["user"], "u");
    assert_eq!(
        job["extraCreateArgs"],
        json!(["--exclude-from", "/etc/mine"])
    );
    let exclude: Vec<&str> = job["exclude"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(exclude.contains(&"sh:/home/u/.nix-profile"), "{exclude:?}");
    assert!(
        exclude.contains(&"sh:/home/u/.local/state/home-manager"),
        "{exclude:?}"
    );
    assert!(err.contains("home.file"), "{err}");
}

/// A tiny deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn generated_strings_evaluate_to_themselves() {
    use backix_emit::migrate::nix_expr::NixExpr;
    require("nix-instantiate", "--version");
    let pieces = [
        "a", "Z", " ", "  ", "\n", "\n\n", "\t", "\r", "'", "''", "'''", "\"", "\\", "$", "${",
        "$${", "''${", "}", "{", "é", "日本", "🙂", "x-y", "#", "\\n", "${x}", "''\\n",
    ];
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let mut strings = Vec::new();
    for _ in 0..300 {
        let n = (rng.next() % 12) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
        }
        strings.push(s);
    }
    let expr = NixExpr::List(strings.iter().cloned().map(NixExpr::Str).collect());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.nix");
    fs::write(&file, expr.render()).unwrap();
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for (want, got) in strings.iter().zip(&got) {
        assert_eq!(
            want,
            got,
            "written as:\n{}",
            NixExpr::Str(want.clone()).render()
        );
    }
    assert_eq!(got.len(), strings.len());
}

#[test]
fn corpus_files_migrate_or_fail_clearly() {
    let corpus = Path::new("/work/shared/corpus/borgmatic");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent on this machine", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            continue;
        }
        let out = backix(&["migrate", path.to_str().unwrap()], dir.path());
        let err = text(&out.stderr);
        match out.status.code() {
            Some(0) => {
                eval_jobs(dir.path(), &text(&out.stdout));
            }
            Some(1) => assert!(
                err.contains("borgmatic refuses") || err.contains("error["),
                "{}: exit 1 without a reason:\n{err}",
                path.display()
            ),
            other => panic!("{}: exit {other:?}:\n{err}", path.display()),
        }
    }
}

// ---- end to end: borgmatic 2.1.10 and the migrated job back up the same files ----

const BORGMATIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.tools/venv/bin/borgmatic");

struct E2e {
    dir: tempfile::TempDir,
}

impl E2e {
    fn new() -> E2e {
        require("borg", "--version");
        assert!(
            Path::new(BORGMATIC).exists(),
            "borgmatic 2.1.10 is required at {BORGMATIC}: run scripts/setup"
        );
        E2e {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.path("sandbox"))
            .env("HOME", self.path("home"))
            .env("BORG_BASE_DIR", self.path("base"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("TZ", "UTC")
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes");
        c
    }
    fn file_list(&self, repo: &Path) -> Vec<String> {
        let list = self
            .cmd("borg")
            .args(["list", "--short", repo.to_str().unwrap()])
            .output()
            .unwrap();
        let archives = text(&list.stdout);
        let archives: Vec<&str> = archives.lines().collect();
        assert_eq!(archives.len(), 1, "{archives:?} {}", text(&list.stderr));
        let out = self
            .cmd("borg")
            .args([
                "list",
                "--format",
                "{path}{NL}",
                &format!("{}::{}", repo.display(), archives[0]),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let src = self.path("src");
        let src = src.strip_prefix("/").unwrap().to_str().unwrap().to_string();
        let mut paths: Vec<String> = text(&out.stdout)
            .lines()
            .filter(|p| p.starts_with(&src))
            .map(str::to_string)
            .collect();
        paths.sort();
        paths
    }

    /// Backs `src` up with borgmatic and with the migrated job; returns both file lists.
    fn compare(&self, body: &str) -> (Vec<String>, Vec<String>) {
        for d in ["sandbox", "home", "base", "run", "state"] {
            fs::create_dir_all(self.path(d)).unwrap();
        }
        let src = self.path("src").display().to_string();
        let body = body.replace("SRC", &src);
        let mut repos = Vec::new();
        for name in ["repo-borgmatic", "repo-job"] {
            let repo = self.path(name);
            let init = self
                .cmd("borg")
                .args(["init", "-e", "none", repo.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(init.status.success(), "{}", text(&init.stderr));
            let yaml = format!(
                "{body}repositories:\n  - path: {}\n    encryption: none\narchive_name_format: 'e2e-{{now}}'\nkeep_daily: 1\n",
                repo.display()
            );
            let file = self.path(&format!("{name}.yaml"));
            fs::write(&file, yaml).unwrap();
            repos.push((repo, file));
        }
        let run = self
            .cmd(BORGMATIC)
            .args(["-c", repos[0].1.to_str().unwrap(), "create"])
            .output()
            .unwrap();
        assert!(run.status.success(), "borgmatic: {}", text(&run.stderr));
        let migrated = self
            .cmd(env!("CARGO_BIN_EXE_backix"))
            .args(["migrate", repos[1].1.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(
            migrated.status.code(),
            Some(0),
            "{}",
            text(&migrated.stderr)
        );
        let nix = self.path("job.nix");
        fs::write(&nix, &migrated.stdout).unwrap();
        let run = self
            .cmd(env!("CARGO_BIN_EXE_backix"))
            .args([
                "run",
                nix.to_str().unwrap(),
                "--job",
                "repo-job",
                "--hostname",
                "h",
            ])
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "backix run:\n{}\n{}",
            text(&migrated.stdout),
            text(&run.stderr)
        );
        (self.file_list(&repos[0].0), self.file_list(&repos[1].0))
    }

    fn tree(&self, files: &[&str]) {
        for f in files {
            let p = self.path("src").join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, f.as_bytes()).unwrap();
        }
    }
}

#[test]
fn e2e_excludes_and_patterns_keep_borgmatics_order() {
    let e = E2e::new();
    e.tree(&[
        "home/susan/a.txt",
        "home/bob/b.txt",
        "home/bob/c.pyc",
        "keep/x.pyc",
        "keep/y.txt",
    ]);
    let (borgmatic, job) = e.compare(
        "source_directories: [SRC/keep]\npatterns:\n  - R SRC/home\n  - '+ SRC/home/susan'\n\
         exclude_patterns:\n  - SRC/home/*\n  - '*.pyc'\n",
    );
    assert!(
        borgmatic.iter().any(|p| p.ends_with("home/susan/a.txt")),
        "{borgmatic:?}"
    );
    assert!(
        !borgmatic.iter().any(|p| p.ends_with("bob/b.txt")),
        "{borgmatic:?}"
    );
    assert_eq!(borgmatic, job);
}

#[test]
fn e2e_exclude_caches_and_exclude_if_present() {
    let e = E2e::new();
    e.tree(&[
        "data/keep.txt",
        "data/skip/.nobackup",
        "data/skip/f.txt",
        "data/cache/f.txt",
    ]);
    fs::write(
        e.path("src/data/cache/CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    )
    .unwrap();
    let (borgmatic, job) = e.compare(
        "source_directories: [SRC/data]\nexclude_caches: true\nexclude_if_present: [.nobackup]\n\
         keep_exclude_tags: true\n",
    );
    assert!(
        borgmatic.iter().any(|p| p.ends_with("skip/.nobackup")),
        "{borgmatic:?}"
    );
    assert!(
        !borgmatic.iter().any(|p| p.ends_with("skip/f.txt")),
        "{borgmatic:?}"
    );
    assert_eq!(borgmatic, job);
}

#[test]
fn e2e_several_source_directories_with_spaces() {
    let e = E2e::new();
    e.tree(&[
        "my docs/a b.txt",
        "my docs/sub dir/c.txt",
        "other place/d.txt",
        "other place/e.log",
        "not included/f.txt",
    ]);
    let (borgmatic, job) = e.compare(
        "source_directories:\n  - SRC/my docs\n  - SRC/other place\nexclude_patterns: ['*.log']\n",
    );
    assert!(
        borgmatic
            .iter()
            .any(|p| p.ends_with("my docs/sub dir/c.txt")),
        "{borgmatic:?}"
    );
    assert!(
        !borgmatic.iter().any(|p| p.ends_with("e.log")),
        "{borgmatic:?}"
    );
    assert_eq!(borgmatic, job);
}

#[test]
fn repository_options_exit_codes_and_output_flags() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = r#"source_directories: [/a]
repositories:
  - path: /r
    encryption: repokey-aes-ocb
    append_only: true
    storage_quota: 5G
    make_parent_directories: true
encryption_passcommand: pass show borg
encryption_passphrase: "{credential file /run/keys/borg}"
compression: obfuscate,3,zstd,3
statistics: standard
list_details: true
borg_exit_codes:
  - {code: 1, treat_as: error}
keep_within: 3S
keep_daily: 2
extra_borg_options:
  repo_create: --debug
local_path: borg1
upload_rate_limit: 0
atime: false
ctime: false
"#;
    let (code, out, err) = migrate(dir.path(), "m", yaml, &["--report", "json"]);
    assert_eq!(code, 0, "{err}");
    let job = &eval_jobs(dir.path(), &out)["m"];
    // A Borg 2 mode: a Borg 1 mode chosen, and never initialised.
    assert_eq!(job["encryption"]["mode"], "repokey");
    assert_eq!(job["doInit"], false);
    // The passphrase wins over the passcommand, as in borgmatic; a credential file is read.
    assert_eq!(job["encryption"]["passCommand"], "cat /run/keys/borg");
    assert_eq!(
        job["extraInitArgs"],
        json!([
            "--append-only",
            "--storage-quota",
            "5G",
            "--make-parent-dirs",
            "--debug"
        ])
    );
    assert!(job.get("compression").is_none());
    assert_eq!(
        job["extraCreateArgs"],
        json!([
            "--compression",
            "obfuscate,3,zstd,3",
            "--noctime",
            "--stats",
            "--list"
        ])
    );
    assert_eq!(job["extraPruneArgs"], json!(["--stats", "--list"]));
    assert_eq!(job["failOnWarnings"], true);
    assert_eq!(job["prune"]["keep"], json!({"daily": 2}));
    let report = report_json(&err);
    let outcome = |key: &str| {
        report
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("{key} not in {report:#?}"))["outcome"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(outcome("repositories[].encryption"), "not-carried");
    assert_eq!(outcome("encryption_passcommand"), "not-carried");
    assert_eq!(outcome("encryption_passphrase"), "lossy");
    assert_eq!(outcome("keep_within"), "not-carried");
    assert_eq!(outcome("borg_exit_codes"), "lossy");
    assert_eq!(outcome("extra_borg_options.repo_create"), "lossy");
    assert_eq!(outcome("local_path"), "not-carried");
    assert_eq!(outcome("upload_rate_limit"), "exact");
    assert_eq!(outcome("repositories[].append_only"), "exact");
}

#[test]
fn constants_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "constants:\n  base: /srv/it\n  msg: hello world\nsource_directories: ['{base}/a']\n\
                repositories: [{path: '{base}/repo', encryption: none}]\nkeep_daily: 1\n\
                commands:\n  - before: repository\n    run: ['echo {msg}']\n";
    let (code, out, err) = migrate(dir.path(), "c", yaml, &[]);
    assert_eq!(code, 0, "{err}");
    let job = &eval_jobs(dir.path(), &out)["c"];
    assert_eq!(job["paths"], json!(["/srv/it/a"]));
    assert_eq!(job["repo"], "/srv/it/repo");
    assert_eq!(job["preHook"], "echo 'hello world'\n");
}
