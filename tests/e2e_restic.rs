//! `backix run` against real restic 0.14: `services.restic.backups` jobs from Nix files, run,
//! then inspected and restored with restic itself.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "common/files.rs"]
mod files;

use files::{both, files, text, write};

fn require(tool: &str) {
    let ok = Command::new(tool).arg("version").output().is_ok();
    assert!(ok, "{tool} is required for this test: run scripts/setup");
}

struct Env {
    dir: tempfile::TempDir,
}

const PASSWORD: &str = "correcthorsebatterystaple";

impl Env {
    fn new() -> Env {
        require("restic");
        let env = Env {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fs::write(env.path("password"), format!("{PASSWORD}\n")).unwrap();
        env
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn p(&self, p: &str) -> String {
        self.path(p).display().to_string()
    }
    fn apply(&self, cmd: &mut Command) {
        cmd.env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("TZ", "UTC")
            .env_remove("RESTIC_PASSWORD")
            .env_remove("RESTIC_REPOSITORY");
    }
    /// A Nix file defining the given backups.
    fn config(&self, body: &str) -> PathBuf {
        let file = self.path("job.nix");
        fs::write(&file, format!("{{ config, pkgs, ... }}: {{\n{body}\n}}\n")).unwrap();
        file
    }
    fn backix(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
        cmd.args(args);
        self.apply(&mut cmd);
        cmd.output().expect("backix runs")
    }
    /// `backix run CONFIG --job NAME`.
    fn run(&self, config: &Path, job: &str) -> Output {
        self.backix(&["run", config.to_str().unwrap(), "--job", job])
    }
    fn restic(&self, repo: &str, args: &[&str], cwd: &Path) -> Output {
        let mut cmd = Command::new("restic");
        cmd.arg("--repo")
            .arg(repo)
            .arg("--password-file")
            .arg(self.path("password"))
            .args(args)
            .current_dir(cwd);
        self.apply(&mut cmd);
        cmd.output().expect("restic runs")
    }
    fn snapshots(&self, repo: &str) -> Vec<serde_json::Value> {
        let out = self.restic(repo, &["snapshots", "--json"], self.dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("snapshots as JSON")
    }
}

#[test]
fn paths_dynamic_files_and_excludes_restore_to_the_expected_tree() {
    let env = Env::new();
    let src = env.path("opt");
    write(&src.join("a_dir/a_file"), "a");
    write(&src.join("a_dir/a_file_2"), "a2");
    write(&src.join("a_dir/not_listed"), "no");
    write(&src.join("b_dir/x y"), "with space");
    write(
        &src.join("b_dir/excluded_file_2"),
        "kept: the pattern is anchored",
    );
    write(&src.join("c_file"), "c");
    write(&src.join("excluded_file_1"), "dropped");
    let repo = env.p("repo");
    let config = env.config(&format!(
        r#"services.restic.backups.files = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}/a_dir/a_file" "{src}/a_dir/a_file_2" ];
    dynamicFilesFrom = "find {src} -mindepth 1 -maxdepth 1 -not -name a_dir";
    exclude = [ "{src}/excluded_file_*" ];
    timerConfig = null;
  }};"#,
        pw = env.p("password"),
        src = src.display(),
    ));
    let run = env.run(&config, "files");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert_eq!(env.snapshots(&repo).len(), 1);
    let restore = env.path("restore");
    let out = env.restic(
        &repo,
        &["restore", "latest", "--target", restore.to_str().unwrap()],
        env.dir.path(),
    );
    assert!(out.status.success(), "{}", both(&out));
    let restored = files(&restore.join(src.strip_prefix("/").unwrap()));
    let mut expected = files(&src);
    expected.remove("a_dir/not_listed");
    expected.remove("excluded_file_1");
    assert_eq!(restored, expected);
}

#[test]
fn initialize_probes_once_and_prune_keeps_the_last_snapshots() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), "x");
    let repo = env.p("repo");
    let config = env.config(&format!(
        r#"services.restic.backups.keep = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    pruneOpts = [ "--keep-last 2" ];
  }};
  services.restic.backups.noinit = {{
    repository = "{other}";
    passwordFile = "{pw}";
    paths = [ "{src}" ];
  }};
  services.restic.backups.prune-only = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    pruneOpts = [ "--keep-last 1" ];
  }};"#,
        pw = env.p("password"),
        src = src.display(),
        other = env.p("other"),
    ));
    let first = env.run(&config, "keep");
    assert_eq!(first.status.code(), Some(0), "{}", both(&first));
    assert!(
        text(&first.stdout).contains("created restic repository"),
        "{}",
        both(&first)
    );
    for i in 2..=3 {
        write(&src.join("f"), &format!("x{i}"));
        let again = env.run(&config, "keep");
        assert_eq!(again.status.code(), Some(0), "{}", both(&again));
        assert!(
            !text(&again.stdout).contains("created restic repository"),
            "run {i} initialized again: {}",
            both(&again)
        );
        assert!(text(&again.stdout).contains("successfully removed locks"));
    }
    let snaps = env.snapshots(&repo);
    assert_eq!(snaps.len(), 2, "forget --prune --keep-last 2: {snaps:?}");
    // The oldest snapshot is the one forgotten: the latest holds the last contents.
    let out = env.restic(
        &repo,
        &["dump", "latest", &format!("{}/f", src.display())],
        env.dir.path(),
    );
    assert_eq!(text(&out.stdout), "x3", "{}", both(&out));

    // Without initialize, a fresh location is not a repository: the job fails.
    let noinit = env.run(&config, "noinit");
    assert_ne!(noinit.status.code(), Some(0), "{}", both(&noinit));
    assert!(!env.path("other").join("config").exists());
    assert!(
        text(&noinit.stderr).contains("set `initialize = true`"),
        "{}",
        both(&noinit)
    );

    // A job without paths only forgets and prunes.
    let prune = env.run(&config, "prune-only");
    assert_eq!(prune.status.code(), Some(0), "{}", both(&prune));
    assert!(!text(&prune.stdout).contains(" saved"), "{}", both(&prune));
    assert_eq!(env.snapshots(&repo).len(), 1);
}

#[test]
fn hooks_run_in_the_units_order_and_cleanup_runs_after_failures() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), "x");
    let repo = env.p("repo");
    let log = env.p("log");
    let job = |name: &str, prepare: &str| {
        format!(
            r#"services.restic.backups.{name} = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    dynamicFilesFrom = "echo dynamic >> {log}";
    backupPrepareCommand = ''
      echo prepare >> {log}
      {prepare}
    '';
    backupCleanupCommand = ''
      echo "cleanup $EXIT_STATUS $SERVICE_RESULT" >> {log}
      restic snapshots --json --no-lock | tr -cd '{{' | wc -c >> {log}
    '';
  }};"#,
            pw = env.p("password"),
            src = src.display(),
        )
    };
    let config = env.config(&format!(
        "{}\n{}",
        job("ok", "true"),
        job("failing", "exit 3")
    ));
    let ok = env.run(&config, "ok");
    assert_eq!(ok.status.code(), Some(0), "{}", both(&ok));
    // The cleanup command runs after the backup: it sees the snapshot.
    let lines: Vec<String> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(
        lines[..3],
        ["prepare", "dynamic", "cleanup 0 success"],
        "{lines:?}"
    );
    assert_ne!(lines[3], "0", "the snapshot exists when the cleanup runs");
    assert_eq!(env.snapshots(&repo).len(), 1);
    fs::remove_file(&log).unwrap();

    let failing = env.run(&config, "failing");
    assert_eq!(failing.status.code(), Some(3), "{}", both(&failing));
    let lines: Vec<String> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(lines[..2], ["prepare", "cleanup 3 exit-code"], "{lines:?}");
    assert_eq!(
        env.snapshots(&repo).len(),
        1,
        "no backup after a failed prepare"
    );
}

#[test]
fn run_check_and_a_corrupted_repository() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), &"data ".repeat(1000));
    let repo = env.p("repo");
    let config = env.config(&format!(
        r#"services.restic.backups.checked = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    checkOpts = [ "--read-data" ];
  }};
  services.restic.backups.unchecked = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    paths = [ "{src}" ];
    checkOpts = [ "--read-data" ];
    runCheck = false;
  }};
  services.restic.backups.checkonly = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    checkOpts = [ "--read-data" ];
  }};"#,
        pw = env.p("password"),
        src = src.display(),
    ));
    let checked = env.run(&config, "checked");
    assert_eq!(checked.status.code(), Some(0), "{}", both(&checked));
    assert!(text(&checked.stdout).contains("no errors were found"));
    assert!(
        text(&checked.stdout).contains("read all data"),
        "{}",
        both(&checked)
    );
    let unchecked = env.run(&config, "unchecked");
    assert_eq!(unchecked.status.code(), Some(0), "{}", both(&unchecked));
    assert!(!text(&unchecked.stdout).contains("no errors were found"));
    // Damage every pack: a job that only checks fails.
    let mut stack = vec![env.path("repo/data")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut bytes = fs::read(&p).unwrap();
                let mid = bytes.len() / 2;
                bytes[mid] ^= 0xff;
                fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
                fs::write(&p, bytes).unwrap();
            }
        }
    }
    let damaged = env.run(&config, "checkonly");
    assert_ne!(damaged.status.code(), Some(0), "{}", both(&damaged));
    assert!(
        text(&damaged.stderr).contains("backix: job checkonly failed"),
        "{}",
        both(&damaged)
    );
}

#[test]
fn environment_file_supplies_repository_and_password() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), "x");
    let repo = env.p("repo");
    let env_file = env.path("restic.env");
    fs::write(
        &env_file,
        format!("# credentials\nRESTIC_REPOSITORY={repo}\nRESTIC_PASSWORD='{PASSWORD}'\n"),
    )
    .unwrap();
    let config = env.config(&format!(
        r#"services.restic.backups.envfile = {{
    environmentFile = "{file}";
    initialize = true;
    inhibitsSleep = true;
    paths = [ "{src}" ];
  }};"#,
        file = env_file.display(),
        src = src.display(),
    ));
    let manifest = env.backix(&["emit", config.to_str().unwrap()]);
    assert_eq!(manifest.status.code(), Some(0), "{}", both(&manifest));
    assert!(
        !text(&manifest.stdout).contains(PASSWORD),
        "the file is not read at emit time"
    );
    let run = env.run(&config, "envfile");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    // Without a running systemd there is nothing to inhibit sleep with: said, not failed.
    let systemd = Path::new("/run/systemd/system").is_dir();
    assert_eq!(
        text(&run.stderr).contains("not inhibiting sleep"),
        !systemd,
        "{}",
        both(&run)
    );
    assert_eq!(env.snapshots(&repo).len(), 1);
}

/// A `restic` that logs its arguments (like the module's own test's fake package).
fn fake_restic(env: &Env) -> PathBuf {
    let bin = env.path("fakebin");
    fs::create_dir_all(&bin).unwrap();
    let script = bin.join("restic");
    fs::write(
        &script,
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> {}\n",
            env.p("fake.log")
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn command_backup_passes_the_commands_arguments() {
    let env = Env::new();
    let repo = env.p("repo");
    let log = env.p("log");
    let config = env.config(&format!(
        r#"services.restic.backups.cmd = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    command = [ "echo" "-n" "testing" ];
    extraOptions = [ "sftp.command='ssh alice@sftp -s sftp'" ];
    checkOpts = [ "--some-check-option" ];
    backupCleanupCommand = "echo cleanup $EXIT_STATUS >> {log}";
  }};"#,
        pw = env.p("password"),
    ));
    // The exact arguments, through a restic that logs them.
    let bin = fake_restic(&env);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
    cmd.args(["run", config.to_str().unwrap()])
        .env("PATH", &path);
    env.apply(&mut cmd);
    let fake = cmd.output().unwrap();
    assert_eq!(fake.status.code(), Some(0), "{}", both(&fake));
    let logged = fs::read_to_string(env.path("fake.log")).unwrap();
    let o = "-o sftp.command=ssh alice@sftp -s sftp";
    assert_eq!(
        logged.lines().collect::<Vec<_>>(),
        [
            format!("{o} cat config"),
            format!("{o} backup --stdin-from-command=true -- echo -n testing"),
            format!("{o} check --some-check-option"),
        ]
    );
    // restic 0.14 has no --stdin-from-command (restic 0.17 added it): the job fails, says so,
    // and the cleanup still runs with the failure's status.
    fs::remove_file(&log).ok();
    let real = env.run(&config, "cmd");
    assert_ne!(real.status.code(), Some(0), "{}", both(&real));
    assert!(
        text(&real.stderr).contains("unknown flag: --stdin-from-command"),
        "{}",
        both(&real)
    );
    assert!(
        text(&real.stderr).contains("restic 0.17"),
        "{}",
        both(&real)
    );
    let status = fs::read_to_string(&log).unwrap();
    assert!(
        status.starts_with("cleanup ") && status.trim() != "cleanup 0",
        "{status}"
    );
}

#[test]
fn dry_run_prints_the_commands_and_runs_nothing() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), "x");
    let repo = env.p("repo");
    let log = env.p("log");
    let config = env.config(&format!(
        r#"services.restic.backups.dry = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    exclude = [ "*.tmp" ];
    extraBackupArgs = [ "--tag 'two words'" ];
    pruneOpts = [ "--keep-last 3" ];
    backupPrepareCommand = "echo prepare >> {log}";
    rcloneConfig = {{ type = "sftp"; pass = "hunter2secret"; }};
    rcloneOptions = {{ bwlimit = "1M"; }};
  }};"#,
        pw = env.p("password"),
        src = src.display(),
    ));
    // rcloneConfig needs an rclone repository; this one is local: refused like the module.
    let refused = env.backix(&["run", config.to_str().unwrap(), "--dry-run"]);
    assert_eq!(refused.status.code(), Some(2), "{}", both(&refused));
    assert!(
        text(&refused.stderr).contains("rcloneConfig"),
        "{}",
        both(&refused)
    );
    let body = fs::read_to_string(&config)
        .unwrap()
        .replace(&format!("\"{repo}\""), &format!("\"rclone:remote:{repo}\""));
    fs::write(&config, body).unwrap();
    let manifest = env.backix(&["emit", config.to_str().unwrap()]);
    assert_eq!(manifest.status.code(), Some(0), "{}", both(&manifest));
    assert!(!text(&manifest.stdout).contains("hunter2secret"));
    assert!(text(&manifest.stderr).contains("rcloneConfig.pass"));
    let out = env.backix(&["run", config.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("hunter2secret"), "{stdout}");
    assert!(
        stdout.contains("RCLONE_CONFIG_REMOTE_PASS=<secret>"),
        "{stdout}"
    );
    assert!(stdout.contains("RCLONE_BWLIMIT=1M"), "{stdout}");
    assert!(
        stdout.contains("# backupPrepareCommand (not run):"),
        "{stdout}"
    );
    assert!(stdout.contains("restic cat config\n"), "{stdout}");
    assert!(stdout.contains("restic init\n"), "{stdout}");
    assert!(
        stdout.contains("restic backup --tag two\\ words --exclude-file=/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("restic forget --prune --keep-last 3\n"),
        "{stdout}"
    );
    assert!(!env.path("log").exists(), "the prepare command ran");
    assert!(!env.path("repo").exists(), "restic ran");
}

#[test]
fn emitted_manifests_follow_the_manifest_schema() {
    let env = Env::new();
    let config = env.config(
        r#"services.restic.backups.s = {
    repository = "s3:https://s3.example.org/${config.networking.hostName}";
    passwordFile = config.sops.secrets.restic.path;
    paths = [ "/home" ];
    timerConfig = { OnCalendar = [ "Mon 02:00" "Thu 02:00" ]; RandomizedDelaySec = "1h"; Persistent = false; };
    progressFps = 0.1;
  };"#,
    );
    let schema = env.backix(&["emit", "--format", "manifest-schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("schema");
    let validator = jsonschema::options().build(&schema).expect("compiles");
    let out = env.backix(&["emit", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let job = &manifest["jobs"][0];
    assert_eq!(job["kind"], "restic");
    let env_vars = &job["rendered"]["environment"];
    assert_eq!(env_vars["RESTIC_PROGRESS_FPS"], "0.100000");
    let timer = &job["rendered"]["timer"];
    assert_eq!(
        timer["OnCalendar"],
        serde_json::json!(["Mon 02:00", "Thu 02:00"])
    );
    assert_eq!(timer["Persistent"], false);
    assert_eq!(
        timer["Settings"]["RandomizedDelaySec"],
        serde_json::json!(["1h"])
    );
    let refs: Vec<&str> = job["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["ref"].as_str().unwrap())
        .collect();
    assert!(refs.contains(&"config.networking.hostName"), "{refs:?}");
    assert!(
        refs.contains(&"config.sops.secrets.restic.path"),
        "{refs:?}"
    );
    // Running needs them, and says how to supply them.
    let run = env.backix(&["run", config.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("BACKIX_SET_CONFIG_SOPS_SECRETS_RESTIC_PATH"));
}

#[test]
fn progress_fps_is_printed_as_nix_to_string_prints_it() {
    let env = Env::new();
    for value in ["0.1", "2", "1.5", "0.333333333", "1.5e3", "0", ".25"] {
        let config = env.config(&format!(
            r#"services.restic.backups.fps = {{
    repository = "/r";
    passwordFile = "/p";
    progressFps = {value};
  }};"#
        ));
        let out = env.backix(&["emit", config.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", both(&out));
        let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let ours = &manifest["jobs"][0]["rendered"]["environment"]["RESTIC_PROGRESS_FPS"];
        let nix = Command::new("nix-instantiate")
            .args(["--eval", "--json", "--expr", &format!("toString {value}")])
            .output()
            .expect("nix-instantiate is required for this test: run scripts/setup");
        assert!(nix.status.success(), "{}", both(&nix));
        let theirs: serde_json::Value = serde_json::from_slice(&nix.stdout).expect("JSON");
        assert_eq!(ours, &theirs, "progressFps = {value}");
    }
}

#[test]
fn a_written_manifest_runs_like_its_configuration() {
    let env = Env::new();
    let src = env.path("src");
    write(&src.join("f"), "from the manifest");
    let repo = env.p("repo");
    let config = env.config(&format!(
        r#"services.restic.backups.m = {{
    repository = "{repo}";
    passwordFile = "{pw}";
    initialize = true;
    paths = [ "{src}" ];
    exclude = [ "*.tmp" ];
  }};"#,
        pw = env.p("password"),
        src = src.display(),
    ));
    write(&src.join("skip.tmp"), "excluded");
    let out = env.backix(&["emit", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let manifest = env.path("manifest.json");
    fs::write(&manifest, &out.stdout).unwrap();
    let run = env.backix(&["run", manifest.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    let snaps = env.snapshots(&repo);
    assert_eq!(snaps.len(), 1);
    let ls = env.restic(&repo, &["ls", "latest"], env.dir.path());
    let listing = text(&ls.stdout);
    assert!(listing.contains("/src/f"), "{listing}");
    assert!(!listing.contains("skip.tmp"), "{listing}");
}
