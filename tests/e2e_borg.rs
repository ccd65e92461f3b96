//! `backix run` against real borg 1.2: jobs from Nix files, run, then inspected with borg.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn require(tool: &str) {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    assert!(ok, "{tool} is required for this test: run scripts/setup");
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        require("borg");
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn apply(&self, cmd: &mut Command) {
        cmd.env("BORG_BASE_DIR", self.path("base"))
            .env("TZ", "UTC")
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes");
    }
    fn config(&self, body: &str) -> PathBuf {
        let file = self.path("job.nix");
        fs::write(&file, format!("{{ config, ... }}: {{\n{body}\n}}\n")).unwrap();
        file
    }
    fn backix(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
        cmd.args(args);
        self.apply(&mut cmd);
        cmd.output().expect("backix runs")
    }
    fn borg(&self, args: &[&str], cwd: &Path) -> Output {
        let mut cmd = Command::new("borg");
        cmd.args(args)
            .current_dir(cwd)
            .env("BORG_PASSPHRASE", "supersecret");
        self.apply(&mut cmd);
        cmd.output().expect("borg runs")
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Every entry below `root`: relative path bytes, mode, and contents or link target.
fn snapshot(root: &Path) -> Vec<(Vec<u8>, u32, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .as_os_str()
                .as_bytes()
                .to_vec();
            let data = if meta.file_type().is_symlink() {
                fs::read_link(&p).unwrap().as_os_str().as_bytes().to_vec()
            } else if meta.is_dir() {
                stack.push(p.clone());
                Vec::new()
            } else {
                fs::read(&p).unwrap()
            };
            out.push((rel, meta.permissions().mode(), data));
        }
    }
    out.sort();
    out
}

#[test]
fn awkward_names_round_trip_byte_for_byte() {
    let env = Env::new();
    let src = env.path("src");
    fs::create_dir_all(src.join("sub dir")).unwrap();
    let names: &[&[u8]] = &[
        b"with space",
        b"quote'single",
        b"quote\"double",
        b"dollar$HOME",
        b"star*",
        b"new\nline",
        b"bad\xff\xfeutf8",
        b"-leading",
        b"sub dir/--also",
    ];
    for (i, n) in names.iter().enumerate() {
        let p = src.join(std::ffi::OsStr::from_bytes(n));
        fs::write(&p, [i as u8, 0, 255, b'\n']).unwrap();
        fs::set_permissions(
            &p,
            fs::Permissions::from_mode(0o600 + (i as u32 % 2) * 0o155),
        )
        .unwrap();
    }
    symlink("with space", src.join("link")).unwrap();
    symlink("/does/not/exist", src.join("dangling")).unwrap();
    let repo = env.path("repo");
    let config = env.config(&format!(
        r#"services.borgbackup.jobs.weird = {{
    paths = [ "{src}" ];
    repo = "{repo}";
    encryption = {{ mode = "repokey"; passphrase = "supersecret"; }};
    startAt = [ ];
  }};"#,
        src = src.display(),
        repo = repo.display()
    ));
    let manifest = env.backix(&["emit", config.to_str().unwrap(), "--hostname", "host"]);
    assert_eq!(
        manifest.status.code(),
        Some(0),
        "{}",
        text(&manifest.stderr)
    );
    assert!(!text(&manifest.stdout).contains("supersecret"));
    assert!(text(&manifest.stderr).contains("encryption.passphrase"));
    let run = env.backix(&["run", config.to_str().unwrap(), "--hostname", "host"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let list = env.borg(&["list", "--short", repo.to_str().unwrap()], env.dir.path());
    let archives = text(&list.stdout);
    let archives: Vec<&str> = archives.lines().collect();
    assert_eq!(archives.len(), 1, "{archives:?} {}", text(&list.stderr));
    assert!(archives[0].starts_with("host-weird-"), "{archives:?}");
    assert!(!archives[0].ends_with(".failed"), "renamed: {archives:?}");
    let restore = env.path("restore");
    fs::create_dir_all(&restore).unwrap();
    let spec = format!("{}::{}", repo.display(), archives[0]);
    let ex = env.borg(&["extract", &spec], &restore);
    assert!(ex.status.success(), "{}", text(&ex.stderr));
    let restored = restore.join(src.strip_prefix("/").unwrap());
    assert_eq!(snapshot(&src), snapshot(&restored));
}

#[test]
fn dump_command_success_and_failure_and_post_hook_status() {
    let env = Env::new();
    let repo = env.path("repo");
    let dump = env.path("dump.sh");
    fs::write(&dump, "#!/bin/sh\nprintf test\n").unwrap();
    fs::set_permissions(&dump, fs::Permissions::from_mode(0o755)).unwrap();
    let status = env.path("status");
    let config = env.config(&format!(
        r#"services.borgbackup.jobs.ok = {{
    dumpCommand = "{dump}";
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "ok";
  }};
  services.borgbackup.jobs.fail = {{
    dumpCommand = "/bin/false";
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "fail";
    postHook = ''echo "$exitStatus" > {status}'';
  }};"#,
        dump = dump.display(),
        repo = repo.display(),
        status = status.display()
    ));
    let cfg = config.to_str().unwrap();
    let ok = env.backix(&["run", cfg, "--job", "ok"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let list = env.borg(&["list", "--short", repo.to_str().unwrap()], env.dir.path());
    let name = text(&list.stdout).trim().to_string();
    assert!(name.starts_with("ok-"), "{name}");
    let out = env.path("out");
    fs::create_dir_all(&out).unwrap();
    let ex = env.borg(
        &["extract", &format!("{}::{name}", repo.display()), "stdin"],
        &out,
    );
    assert!(ex.status.success(), "{}", text(&ex.stderr));
    assert_eq!(fs::read(out.join("stdin")).unwrap(), b"test");

    let fail = env.backix(&["run", cfg, "--job", "fail"]);
    assert_ne!(fail.status.code(), Some(0), "pipefail makes the job fail");
    let seen: i32 = fs::read_to_string(&status).unwrap().trim().parse().unwrap();
    assert_ne!(seen, 0, "postHook sees the failure in $exitStatus");
    assert_eq!(fail.status.code(), Some(seen as i32));
}

#[test]
fn fail_on_warnings_and_the_failed_suffix() {
    let env = Env::new();
    let repo = env.path("repo");
    let src = env.path("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("f"), "x").unwrap();
    let missing = env.path("missing");
    let job = |name: &str, fail: bool| {
        format!(
            r#"services.borgbackup.jobs.{name} = {{
    paths = [ "{src}" "{missing}" ];
    repo = "{repo}";
    encryption.mode = "none";
    archiveBaseName = "{name}";
    failOnWarnings = {fail};
  }};"#,
            src = src.display(),
            missing = missing.display(),
            repo = repo.display()
        )
    };
    let config = env.config(&format!(
        "{}\n{}",
        job("strict", true),
        job("lenient", false)
    ));
    let cfg = config.to_str().unwrap();
    let strict = env.backix(&["run", cfg, "--job", "strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict.stderr));
    let lenient = env.backix(&["run", cfg, "--job", "lenient"]);
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert!(text(&lenient.stdout).contains("ignoring warning return value 1"));
    let list = env.borg(&["list", "--short", repo.to_str().unwrap()], env.dir.path());
    let names = text(&list.stdout);
    let strict_names: Vec<&str> = names.lines().filter(|l| l.starts_with("strict-")).collect();
    let lenient_names: Vec<&str> = names
        .lines()
        .filter(|l| l.starts_with("lenient-"))
        .collect();
    assert_eq!(strict_names.len(), 1);
    assert!(strict_names[0].ends_with(".failed"), "{names}");
    assert_eq!(lenient_names.len(), 1);
    assert!(!lenient_names[0].ends_with(".failed"), "{names}");
}

#[test]
fn missing_borg_and_unresolved_values_are_clear_errors() {
    let env = Env::new();
    let config = env.config(
        r#"services.borgbackup.jobs.j = {
    paths = [ "/etc/hostname" ];
    repo = "/tmp/x";
    encryption.mode = "none";
  };"#,
    );
    let cfg = config.to_str().unwrap();
    let out = env.backix(&["run", cfg]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("config.networking.hostName"), "{err}");
    assert!(
        err.contains("BACKIX_SET_CONFIG_NETWORKING_HOSTNAME"),
        "{err}"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
    cmd.args(["run", cfg, "--hostname", "h"])
        .env("PATH", "/nonexistent");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not found on PATH"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn prune_keeps_what_the_rules_say_among_archives_of_known_times() {
    let env = Env::new();
    let repo = env.path("repo");
    let src = env.path("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("f"), "x").unwrap();
    let repo_s = repo.to_str().unwrap();
    let init = env.borg(&["init", "--encryption", "none", repo_s], env.dir.path());
    assert!(init.status.success(), "{}", text(&init.stderr));
    // Archives of this job (prefix `nas`), of another job, and of one whose name merely starts
    // with the prefix: the module's glob is `nas*`, without a dash, so it reaches `nasty-…`.
    let archives = [
        ("nas-d1", "2026-01-01T12:00:00"),
        ("nas-d2", "2026-01-02T12:00:00"),
        ("nas-d3", "2026-01-03T12:00:00"),
        ("nas-d4-morning", "2026-01-04T08:00:00"),
        ("nas-d4-evening", "2026-01-04T20:00:00"),
        ("nasty-d1", "2026-01-01T06:00:00"),
        ("other-d1", "2026-01-01T12:00:00"),
        ("other-d2", "2026-01-02T12:00:00"),
    ];
    for (name, time) in archives {
        let create = env.borg(
            &[
                "create",
                "--timestamp",
                time,
                &format!("{repo_s}::{name}"),
                ".",
            ],
            &src,
        );
        assert!(create.status.success(), "{}", text(&create.stderr));
    }
    let config = env.config(&format!(
        r#"services.borgbackup.jobs.nas = {{
    paths = [ "{src}" ];
    repo = "{repo_s}";
    encryption.mode = "none";
    archiveBaseName = "nas";
    prune.keep = {{ daily = 3; }};
  }};"#,
        src = src.display()
    ));
    let run = env.backix(&["run", config.to_str().unwrap(), "--job", "nas"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));

    let list = env.borg(&["list", "--short", repo_s], env.dir.path());
    let mut left: Vec<String> = text(&list.stdout).lines().map(str::to_string).collect();
    left.sort();
    // The archive the job just made (today), then the newest archive of each of the two most
    // recent earlier days; the other job's archives are outside the glob.
    let new: Vec<&String> = left
        .iter()
        .filter(|n| n.starts_with("nas-") && !n.starts_with("nas-d"))
        .collect();
    assert_eq!(new.len(), 1, "{left:?}");
    assert!(!new[0].ends_with(".failed"), "{left:?}");
    let mut expected = vec![
        new[0].clone(),
        "nas-d3".to_string(),
        "nas-d4-evening".to_string(),
        "other-d1".to_string(),
        "other-d2".to_string(),
    ];
    expected.sort();
    assert_eq!(
        left, expected,
        "nasty-d1 is pruned too: the glob has no dash"
    );
}

#[test]
fn a_held_lock_and_a_failing_pass_command_are_explained() {
    let env = Env::new();
    let repo = env.path("repo");
    let src = env.path("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("f"), "x").unwrap();
    let repo_s = repo.to_str().unwrap();
    let init = env.borg(&["init", "--encryption", "none", repo_s], env.dir.path());
    assert!(init.status.success(), "{}", text(&init.stderr));
    let config = env.config(&format!(
        r#"services.borgbackup.jobs.plain = {{
    paths = [ "{src}" ];
    repo = "{repo_s}";
    encryption.mode = "none";
    archiveBaseName = "plain";
  }};
  services.borgbackup.jobs.secret = {{
    paths = [ "{src}" ];
    repo = "{enc}";
    encryption.mode = "repokey";
    encryption.passCommand = "false";
    archiveBaseName = "secret";
  }};"#,
        src = src.display(),
        enc = env.path("encrypted").display()
    ));
    let cfg = config.to_str().unwrap();

    // Another borg holds the repository's lock while the job runs.
    let mut holder = Command::new("borg");
    holder.args(["with-lock", repo_s, "sleep", "60"]);
    env.apply(&mut holder);
    let mut holder = holder.spawn().expect("borg with-lock");
    let lock_dir = repo.join("lock.exclusive");
    for _ in 0..100 {
        if lock_dir.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(lock_dir.exists(), "borg with-lock did not take the lock");
    let locked = env.backix(&["run", cfg, "--job", "plain"]);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_ne!(locked.status.code(), Some(0), "{}", text(&locked.stderr));
    assert!(
        text(&locked.stderr).contains("locked by another borg process"),
        "{}",
        text(&locked.stderr)
    );

    // The pass command fails: borg refuses, and backix says which option to look at.
    let failing = env.backix(&["run", cfg, "--job", "secret"]);
    assert_ne!(failing.status.code(), Some(0), "{}", text(&failing.stderr));
    assert!(
        text(&failing.stderr).contains("the pass command (encryption.passCommand"),
        "{}",
        text(&failing.stderr)
    );
}
