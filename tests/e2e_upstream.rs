//! The scenarios of the NixOS VM tests of the backup modules (`nixos/tests/borgbackup.nix`,
//! `restic.nix`, `borgmatic.nix`) replayed with `backix run` and the real borg 1.2, restic 0.14
//! and borgmatic 2.1.10.
//!
//! Each node's backup configuration is written as a NixOS module with the tests' values, its
//! paths moved into a temporary directory (the data directory keeps the colon of
//! `/ran:dom/data`, the local repository that of `/root/back:up`). Where the VM tests use a
//! second machine over SSH, a throwaway sshd on 127.0.0.1 serves the `authorized_keys` backix
//! emits for the server's `services.borgbackup.repos`; it logs in as root (the user running
//! the tests) instead of the module's `borg` user. Where they move the clock, the restic jobs
//! pass restic's own `backup --time` through `extraBackupArgs`. The module's wrappers
//! (`borg-job-<name>`, `restic-<name>`) are named in the manifest but not written by backix:
//! their behaviour is replayed by running the tool in the job's environment as the manifest
//! gives it.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/files.rs"]
mod files;
#[path = "common/sshd.rs"]
mod sshd;

use files::{both, files, text, write};
use sshd::{Sshd, borg_rsh, keygen, require, start_sshd};

fn executable(path: &Path, contents: &str) {
    write(path, contents);
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// The manifest job named `name`.
fn manifest_job<'a>(manifest: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    manifest["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .find(|j| j["name"] == name)
        .unwrap_or_else(|| panic!("no job {name} in the manifest"))
}

// --- borgbackup ---------------------------------------------------------------------------------

const PASSPHRASE: &str = "supersecret";
const KEEP_FILE_DATA: &str = "important_data";
/// The client's remote repository: the module's `borg@server:.` on the loopback sshd.
const REMOTE_REPO: &str = "root@127.0.0.1:.";

/// The client node's jobs. `@T@` is the temporary directory, `@RSH@` the ssh command line
/// without its key.
const CLIENT: &str = r#"{ config, pkgs, ... }:
let
  passphrase = "supersecret";
  dataDir = "@T@/ran:dom/data";
  excludeFile = "not_this_file";
  localRepo = "@T@/back:up";
  localRepoMount = "@T@/noAutoMount";
  archiveName = "my_archive";
  remoteRepo = "root@127.0.0.1:.";
  rsh = key: "@RSH@ -i @T@/${key}";
in {
  services.borgbackup.jobs = {
    local = {
      paths = dataDir;
      repo = localRepo;
      preHook = ''
        # Don't append a timestamp
        archiveName="${archiveName}"
      '';
      encryption = {
        mode = "repokey";
        inherit passphrase;
      };
      compression = "auto,zlib,9";
      prune.keep = {
        within = "1y";
        yearly = 5;
      };
      exclude = [ "*/${excludeFile}" ];
      postHook = "echo post";
      startAt = [ ];
    };
    localMount = {
      paths = dataDir;
      repo = localRepoMount;
      encryption.mode = "none";
      startAt = [ ];
    };
    remote = {
      paths = dataDir;
      repo = remoteRepo;
      encryption.mode = "none";
      startAt = [ ];
      environment.BORG_RSH = rsh "id_ed25519";
    };
    remoteAppendOnly = {
      paths = dataDir;
      repo = remoteRepo;
      encryption.mode = "none";
      startAt = [ ];
      environment.BORG_RSH = rsh "id_ed25519.appendOnly";
    };
    commandSuccess = {
      dumpCommand = pkgs.writeScript "commandSuccess" "echo -n test";
      repo = remoteRepo;
      encryption.mode = "none";
      startAt = [ ];
      environment.BORG_RSH = rsh "id_ed25519";
    };
    commandFail = {
      dumpCommand = "${pkgs.coreutils}/bin/false";
      repo = remoteRepo;
      encryption.mode = "none";
      startAt = [ ];
      environment.BORG_RSH = rsh "id_ed25519";
    };
    sleepInhibited = {
      inhibitsSleep = true;
      dumpCommand = pkgs.writeScript "sleepInhibited" "cat /dev/zero";
      repo = remoteRepo;
      encryption.mode = "none";
      startAt = [ ];
      environment.BORG_RSH = rsh "id_ed25519";
    };
  };
}
"#;

/// The server node: two repositories on one path, one key each (merged into one user's
/// `authorized_keys`).
const SERVER: &str = r#"{ ... }: {
  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
    };
  };
  services.borgbackup.repos.repo1 = {
    authorizedKeys = [ "@KEY@" ];
    path = "@T@/data/borgbackup";
  };
  services.borgbackup.repos.repo2 = {
    authorizedKeysAppendOnly = [ "@KEY_APPEND@" ];
    path = "@T@/data/borgbackup";
    quota = ".5G";
  };
}
"#;

struct Borg {
    dir: tempfile::TempDir,
    /// The server's `authorized_keys` as backix emitted it (remote scenarios).
    authorized_keys: String,
    server: Option<Sshd>,
}

impl Borg {
    /// The client's data and configuration; with `remote`, the server's keys and sshd too.
    fn new(remote: bool) -> Borg {
        require("borg");
        let dir = tempfile::tempdir().expect("temp dir");
        let t = dir.path().to_path_buf();
        let data = t.join("ran:dom/data");
        write(&data.join("not_this_file"), "");
        write(&data.join("important_file"), KEEP_FILE_DATA);
        let mut world = Borg {
            dir,
            authorized_keys: String::new(),
            server: None,
        };
        if remote {
            require("ssh");
            let key = keygen(&world.path("id_ed25519"));
            let append = keygen(&world.path("id_ed25519.appendOnly"));
            let server = world.path("server.nix");
            let nix = SERVER
                .replace("@T@", &t.display().to_string())
                .replace("@KEY@", &key)
                .replace("@KEY_APPEND@", &append);
            fs::write(&server, nix).unwrap();
            let o = world.backix(&[
                "emit",
                "--format",
                "authorized-keys",
                &world.p("server.nix"),
            ]);
            assert_eq!(o.status.code(), Some(0), "{}", both(&o));
            world.authorized_keys = text(&o.stdout);
            let ak = world.path("authorized_keys");
            fs::write(&ak, &world.authorized_keys).unwrap();
            // The module creates the repositories' directory for the serving user.
            fs::create_dir_all(world.path("data/borgbackup")).unwrap();
            world.server = Some(start_sshd(&t, &ak));
        }
        // Without a server the remote jobs are never run; port 9 stands in.
        let rsh = match &world.server {
            Some(s) => borg_rsh(s, Path::new("KEY")),
            None => "ssh -p 9".to_string(),
        };
        let rsh = rsh.replace(" -i KEY", "");
        let client = CLIENT
            .replace("@T@", &t.display().to_string())
            .replace("@RSH@", &rsh);
        fs::write(world.path("client.nix"), client).unwrap();
        // The dump commands, as the `pkgs.writeScript` store files would be (no shebang).
        executable(&world.path("store/commandSuccess"), "echo -n test\n");
        executable(&world.path("store/sleepInhibited"), "cat /dev/zero\n");
        world
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn p(&self, p: &str) -> String {
        self.path(p).display().to_string()
    }
    fn apply(&self, cmd: &mut Command) {
        cmd.current_dir(self.dir.path())
            .env("BORG_BASE_DIR", self.path("base"))
            .env("TZ", "UTC")
            .env_remove("BORG_REPO")
            .env_remove("BORG_PASSPHRASE");
    }
    fn backix(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
        cmd.args(args);
        self.apply(&mut cmd);
        cmd.output().expect("backix runs")
    }
    /// The values static analysis leaves to the user: the host name, the store paths of the
    /// dump commands and of coreutils.
    fn bindings(&self) -> Vec<String> {
        vec![
            "--hostname".into(),
            "client".into(),
            "--set".into(),
            format!(
                "pkgs.writeScript \"commandSuccess\" \"echo -n test\"={}",
                self.p("store/commandSuccess")
            ),
            "--set".into(),
            format!(
                "pkgs.writeScript \"sleepInhibited\" \"cat /dev/zero\"={}",
                self.p("store/sleepInhibited")
            ),
            "--set".into(),
            "pkgs.coreutils=/usr".into(),
        ]
    }
    /// `backix run client.nix --job JOB` with the bindings and `extra` arguments.
    fn run(&self, job: &str, extra: &[&str]) -> Output {
        let mut args = vec!["run".to_string(), self.p("client.nix"), "--job".into()];
        args.push(job.into());
        args.extend(self.bindings());
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.backix(&args)
    }
    fn manifest(&self) -> serde_json::Value {
        let mut args = vec!["emit".to_string(), self.p("client.nix")];
        args.extend(self.bindings());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = self.backix(&args);
        assert_eq!(o.status.code(), Some(0), "{}", both(&o));
        assert!(!text(&o.stdout).contains(PASSPHRASE));
        serde_json::from_slice(&o.stdout).expect("a manifest")
    }
    /// borg with the test's passphrase; over ssh with `key` when given.
    fn borg(&self, key: Option<&str>, args: &[&str], cwd: &Path) -> Output {
        let mut cmd = Command::new("borg");
        self.apply(&mut cmd);
        cmd.args(args)
            .current_dir(cwd)
            .env("BORG_PASSPHRASE", PASSPHRASE);
        if let (Some(key), Some(server)) = (key, &self.server) {
            cmd.env("BORG_RSH", borg_rsh(server, &self.path(key)));
        }
        cmd.output().expect("borg runs")
    }
    fn archives(&self, key: Option<&str>, repo: &str) -> Vec<String> {
        let o = self.borg(key, &["list", "--short", repo], self.dir.path());
        assert!(o.status.success(), "{}", both(&o));
        text(&o.stdout).lines().map(str::to_string).collect()
    }
}

/// A `borg mount` point, unmounted when dropped.
struct Unmount<'a>(&'a Borg, PathBuf);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let o = self.0.borg(
            None,
            &["umount", self.1.to_str().unwrap()],
            self.0.dir.path(),
        );
        assert!(o.status.success(), "borg umount: {}", both(&o));
    }
}

/// `date -u -d WHEN` in borg's `--timestamp` format.
fn date(when: &str) -> String {
    let o = Command::new("date")
        .args(["-u", "-d", when, "+%Y-%m-%dT%H:%M:%S"])
        .output()
        .expect("date runs");
    assert!(o.status.success(), "{}", both(&o));
    text(&o.stdout).trim().to_string()
}

#[test]
fn upstream_borgbackup_local_archive_name_exclude_extract_and_prune() {
    let w = Borg::new(false);
    let repo = w.p("back:up");
    let run = w.run("local", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert!(
        text(&run.stdout).lines().any(|l| l == "post"),
        "postHook: {}",
        both(&run)
    );
    // preHook sets archiveName: the archive is `my_archive`, without a timestamp.
    assert_eq!(w.archives(None, &repo), ["my_archive"]);
    // The exclude works, the keep file is there.
    let listing = w.borg(
        None,
        &["list", "--short", &format!("{repo}::my_archive")],
        w.dir.path(),
    );
    let listing = text(&listing.stdout);
    assert!(!listing.contains("not_this_file"), "{listing}");
    assert!(listing.contains("ran:dom/data/important_file"), "{listing}");
    let restore = w.path("restore");
    fs::create_dir_all(&restore).unwrap();
    let ex = w.borg(None, &["extract", &format!("{repo}::my_archive")], &restore);
    assert!(ex.status.success(), "{}", both(&ex));
    let data = w.path("ran:dom/data");
    let kept = restore.join(data.strip_prefix("/").unwrap());
    assert_eq!(
        fs::read_to_string(kept.join("important_file")).unwrap(),
        KEEP_FILE_DATA
    );
    assert!(!kept.join("not_this_file").exists());
    // `borg mount` shows the same content (FUSE; the mount is undone even when this fails).
    let mnt = w.path("mnt/borg");
    fs::create_dir_all(&mnt).unwrap();
    let mount = w.borg(
        None,
        &[
            "mount",
            &format!("{repo}::my_archive"),
            mnt.to_str().unwrap(),
        ],
        w.dir.path(),
    );
    assert!(
        mount.status.success(),
        "borg mount needs FUSE (/dev/fuse and borg's llfuse; run scripts/setup): {}",
        both(&mount)
    );
    let mounted = Unmount(&w, mnt.clone());
    let seen = fs::read_to_string(
        mnt.join(data.strip_prefix("/").unwrap())
            .join("important_file"),
    );
    drop(mounted);
    assert_eq!(seen.expect("the mounted keep file"), KEEP_FILE_DATA);

    // prune.keep = { within = "1y"; yearly = 5; } over archives of the job's prefix
    // (`client-local*`): everything of the last year, then the newest archive of each of the
    // five most recent earlier years. `my_archive` is outside the prefix and stays.
    let year: i32 = date("now")[..4].parse().unwrap();
    let mut seeded = vec![
        ("client-local-recent-1".to_string(), date("2 days ago")),
        ("client-local-recent-2".to_string(), date("1 day ago")),
        (
            "client-local-early".to_string(),
            format!("{}-01-01T12:00:00", year - 2),
        ),
    ];
    for back in 2..=7 {
        seeded.push((
            format!("client-local-y{}", year - back),
            format!("{}-06-01T12:00:00", year - back),
        ));
    }
    for (name, time) in &seeded {
        let o = w.borg(
            None,
            &[
                "create",
                "--timestamp",
                time,
                &format!("{repo}::{name}"),
                ".",
            ],
            &data,
        );
        assert!(o.status.success(), "{}", both(&o));
    }
    // The next run makes `my_archive` again: the old one goes first.
    let del = w.borg(
        None,
        &["delete", &format!("{repo}::my_archive")],
        w.dir.path(),
    );
    assert!(del.status.success(), "{}", both(&del));
    let again = w.run("local", &[]);
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
    let mut left = w.archives(None, &repo);
    left.sort();
    let mut expected: Vec<String> = [
        "my_archive".to_string(),
        "client-local-recent-1".to_string(),
        "client-local-recent-2".to_string(),
    ]
    .into_iter()
    .chain((2..=6).map(|back| format!("client-local-y{}", year - back)))
    .collect();
    expected.sort();
    assert_eq!(
        left,
        expected,
        "pruned: the older archive of year {} and year {}",
        year - 2,
        year - 7
    );
}

#[test]
fn upstream_borgbackup_local_mount_requires_the_mount_and_runs_on_a_directory() {
    let w = Borg::new(false);
    let repo = w.p("noAutoMount");
    let m = w.manifest();
    let job = manifest_job(&m, "localMount");
    assert_eq!(
        job["rendered"]["service"]["RequiresMountsFor"],
        serde_json::json!([repo])
    );
    // The written unit carries it too (systemd would mount the noauto file system first).
    let units = w.path("units");
    let mut args = vec![
        "emit".to_string(),
        "--format".into(),
        "systemd".into(),
        "--out".into(),
        units.display().to_string(),
        w.p("client.nix"),
    ];
    args.extend(w.bindings());
    args.extend(["--home".to_string(), "root=/root".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = w.backix(&args);
    assert_eq!(o.status.code(), Some(0), "{}", both(&o));
    let unit = fs::read_to_string(units.join("borgbackup-job-localMount.service")).unwrap();
    assert!(
        unit.lines()
            .any(|l| l == format!("RequiresMountsFor={repo}")),
        "{unit}"
    );
    // No systemd here: the repository is a plain directory the job initializes and fills.
    let run = w.run("localMount", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    let archives = w.archives(None, &repo);
    assert_eq!(archives.len(), 1, "{archives:?}");
    assert!(
        archives[0].starts_with("client-localMount-"),
        "{archives:?}"
    );
}

/// The server's `authorized_keys`: one user's file holding both repositories' keys.
fn assert_keys_merged(w: &Borg) {
    let ak = &w.authorized_keys;
    assert_eq!(
        ak.matches("# authorized_keys of user borg").count(),
        1,
        "{ak}"
    );
    let dir = w.p("data/borgbackup");
    assert!(
        ak.contains(&format!(
            "command=\"cd {dir} && borg serve --restrict-to-repository .  \",restrict ssh-ed25519 "
        )),
        "{ak}"
    );
    assert!(
        ak.contains(&format!(
            "command=\"cd {dir} && borg serve --restrict-to-repository . --append-only \
             --storage-quota .5G\",restrict ssh-ed25519 "
        )),
        "{ak}"
    );
}

fn remote_scenario(job: &str, key: &str) {
    let w = Borg::new(true);
    assert_keys_merged(&w);
    // No directory is made for a remote repository: neither the unit nor the run names one.
    let m = w.manifest();
    let service = &manifest_job(&m, job)["rendered"]["service"];
    assert_eq!(
        service["RequiresMountsFor"],
        serde_json::json!([]),
        "{service}"
    );
    assert!(!service.to_string().contains(REMOTE_REPO), "{service}");
    let run = w.run(job, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert!(
        !w.path(REMOTE_REPO).exists(),
        "a directory named after the repository"
    );
    let archives = w.archives(Some(key), REMOTE_REPO);
    assert_eq!(archives.len(), 1, "{archives:?}");
    assert!(
        archives[0].starts_with(&format!("client-{job}-")),
        "{archives:?}"
    );
    assert!(w.path("data/borgbackup/config").is_file());
    // Both keys reach the one repository path.
    let other = if key == "id_ed25519" {
        "id_ed25519.appendOnly"
    } else {
        "id_ed25519"
    };
    assert_eq!(w.archives(Some(other), REMOTE_REPO), archives);
    // restrict-to-repository: another path is refused, and not created.
    let wrong = w.borg(Some(key), &["list", "root@127.0.0.1:wrong"], w.dir.path());
    assert!(!wrong.status.success(), "{}", both(&wrong));
    assert!(!w.path("data/borgbackup/wrong").exists());
}

#[test]
fn upstream_borgbackup_remote_through_the_served_repository() {
    remote_scenario("remote", "id_ed25519");
}

#[test]
fn upstream_borgbackup_remote_append_only_through_the_served_repository() {
    remote_scenario("remoteAppendOnly", "id_ed25519.appendOnly");
    // The append-only key cannot destroy: a deletion leaves every segment in place.
    let w = Borg::new(true);
    let run = w.run("remoteAppendOnly", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    let name = w.archives(Some("id_ed25519.appendOnly"), REMOTE_REPO)[0].clone();
    let before = files(&w.path("data/borgbackup/data"));
    let _ = w.borg(
        Some("id_ed25519.appendOnly"),
        &["delete", &format!("{REMOTE_REPO}::{name}")],
        w.dir.path(),
    );
    let _ = w.borg(
        Some("id_ed25519.appendOnly"),
        &["compact", REMOTE_REPO],
        w.dir.path(),
    );
    let after = files(&w.path("data/borgbackup/data"));
    for (path, data) in &before {
        assert_eq!(after.get(path), Some(data), "{path} changed");
    }
}

#[test]
fn upstream_borgbackup_command_success_and_the_wrappers_environment() {
    let w = Borg::new(true);
    let run = w.run("commandSuccess", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    // The module's `borg-job-commandSuccess` wrapper runs borg with the job's BORG_REPO and
    // BORG_RSH baked in. The manifest names it and holds that environment; backix writes no
    // wrapper, so borg runs here in exactly that environment.
    let m = w.manifest();
    let job = manifest_job(&m, "commandSuccess");
    assert_eq!(job["options"]["wrapper"], "borg-job-commandSuccess");
    let env = job["rendered"]["environment"]
        .as_object()
        .expect("environment");
    assert_eq!(env["BORG_REPO"], REMOTE_REPO);
    assert!(env["BORG_RSH"].as_str().unwrap().contains("id_ed25519"));
    let wrapper = |args: &[&str], cwd: &Path| {
        let mut cmd = Command::new("borg");
        w.apply(&mut cmd);
        cmd.args(args).current_dir(cwd);
        for (k, v) in env {
            cmd.env(k, v.as_str().expect("a known value"));
        }
        cmd.output().expect("borg runs")
    };
    let list = wrapper(&["list"], w.dir.path());
    assert!(list.status.success(), "{}", both(&list));
    let listing = text(&list.stdout);
    let id = listing
        .lines()
        .last()
        .and_then(|l| l.split(' ').next())
        .expect("an archive")
        .to_string();
    assert!(id.starts_with("client-commandSuccess-"), "{listing}");
    let out = w.path("out");
    fs::create_dir_all(&out).unwrap();
    let ex = wrapper(&["extract", &format!("::{id}"), "stdin"], &out);
    assert!(ex.status.success(), "{}", both(&ex));
    assert_eq!(fs::read_to_string(out.join("stdin")).unwrap(), "test");
}

#[test]
fn upstream_borgbackup_command_fail_fails_the_job() {
    let w = Borg::new(true);
    let run = w.run("commandFail", &[]);
    assert_ne!(run.status.code(), Some(0), "{}", both(&run));
    assert!(
        text(&run.stderr).contains("backix: job commandFail failed with exit status 1"),
        "{}",
        both(&run)
    );
    // pipefail: borg stored the empty stream, but the archive keeps its `.failed` name.
    let archives = w.archives(Some("id_ed25519"), REMOTE_REPO);
    assert_eq!(archives.len(), 1, "{archives:?}");
    assert!(
        archives[0].starts_with("client-commandFail-"),
        "{archives:?}"
    );
    assert!(archives[0].ends_with(".failed"), "{archives:?}");
}

#[test]
fn upstream_borgbackup_sleep_inhibited_wraps_the_job_in_systemd_inhibit() {
    let w = Borg::new(true);
    let m = w.manifest();
    let service = &manifest_job(&m, "sleepInhibited")["rendered"]["service"];
    assert_eq!(
        service["ExecPrefix"],
        serde_json::json!([
            "systemd-inhibit",
            "--who=borgbackup",
            "--what=sleep",
            "--why=Scheduled backup"
        ])
    );
    let dry = w.run("sleepInhibited", &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", both(&dry));
    assert!(
        text(&dry.stdout).contains(
            "# the unit runs the script under: systemd-inhibit '--who=borgbackup' \
             '--what=sleep' '--why=Scheduled backup'"
        ),
        "{}",
        both(&dry)
    );
    let inhibitors = || {
        Command::new("systemd-inhibit")
            .args(["--list", "--no-legend", "--no-pager"])
            .output()
            .expect("systemd-inhibit is required for this test: run scripts/setup")
    };
    let systemd = Path::new("/run/systemd/system").is_dir();
    let before = inhibitors();
    assert!(!text(&before.stdout).contains("borgbackup"));
    if !systemd {
        // No logind here: systemd-inhibit cannot take or list a lock.
        assert!(!before.status.success(), "{}", both(&before));
    }
    // The dump never ends (`cat /dev/zero`): start the job, watch it, stop it.
    let log = w.path("sleepInhibited.log");
    let mut args = vec![
        "run".to_string(),
        w.p("client.nix"),
        "--job".into(),
        "sleepInhibited".into(),
    ];
    args.extend(w.bindings());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
    w.apply(&mut cmd);
    let mut child = cmd
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .process_group(0)
        .spawn()
        .expect("backix runs");
    let group = child.id().to_string();
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(30) {
        seen = if systemd {
            text(&inhibitors().stdout).contains("borgbackup")
        } else {
            fs::read_to_string(&log)
                .unwrap_or_default()
                .contains("not inhibiting sleep")
        };
        if seen {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(1));
    let still_running = child.try_wait().expect("wait").is_none();
    let stop = |signal: &str| {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{group}")])
            .status();
    };
    stop("-TERM");
    std::thread::sleep(Duration::from_millis(500));
    stop("-KILL");
    let _ = child.wait();
    let log = fs::read_to_string(&log).unwrap_or_default();
    assert!(seen, "{log}");
    assert!(
        still_running,
        "the never-ending job stopped by itself: {log}"
    );
    if !systemd {
        // Nothing took the lock: the run went ahead without it.
        assert!(!inhibitors().status.success());
    }
}

// --- restic -------------------------------------------------------------------------------------

const RESTIC_PASSWORD: &str = "correcthorsebatterystaple";

/// The server node's backups. `@T@` is the temporary directory, `@TIME@` the time given to
/// `restic backup --time` (the VM test sets the clock instead).
const RESTIC: &str = r#"{ config, pkgs, ... }:
let
  remoteRepository = "@T@/root/restic-backup";
  remoteFromFileRepository = "@T@/repositoryFile";
  remoteInhibitTestRepository = "@T@/root/restic-backup-inhibit-test";
  remoteNoInitRepository = "@T@/root/restic-backup-no-init";
  rcloneRepository = "rclone:local:@T@/root/restic-rclone-backup";
  backupPrepareCommand = ''
    touch @T@/root/backupPrepareCommand
    test ! -e @T@/root/backupCleanupCommand
  '';
  backupCleanupCommand = ''
    rm @T@/root/backupPrepareCommand
    touch @T@/root/backupCleanupCommand
  '';
  passwordFile = "@T@/password";
  paths = [ "@T@/opt" ];
  exclude = [ "@T@/opt/excluded_file_*" ];
  pruneOpts = [
    "--keep-daily 2"
    "--keep-weekly 1"
    "--keep-monthly 1"
    "--keep-yearly 99"
  ];
  extraBackupArgs = [ "--time '@TIME@'" ];
in {
  services.restic.backups = {
    remotebackup = {
      inherit passwordFile paths exclude pruneOpts backupPrepareCommand backupCleanupCommand extraBackupArgs;
      repository = remoteRepository;
      initialize = true;
      timerConfig = null;
    };
    remote-from-file-backup = {
      inherit passwordFile exclude pruneOpts;
      initialize = true;
      repositoryFile = remoteFromFileRepository;
      paths = [
        "@T@/opt/a_dir/a_file"
        "@T@/opt/a_dir/a_file_2"
      ];
      dynamicFilesFrom = ''
        find @T@/opt -mindepth 1 -maxdepth 1 ! -name a_dir # all files in /opt except for a_dir
      '';
    };
    remote-from-command-backup = {
      inherit passwordFile pruneOpts;
      repository = "@T@/root/restic-backup-from-command";
      initialize = true;
      command = [ "echo" "-n" "testing" ];
    };
    inhibit-test = {
      inherit passwordFile paths exclude pruneOpts;
      repository = remoteInhibitTestRepository;
      initialize = true;
      inhibitsSleep = true;
    };
    remote-noinit-backup = {
      inherit passwordFile exclude pruneOpts paths;
      initialize = false;
      repository = remoteNoInitRepository;
    };
    rclonebackup = {
      inherit passwordFile paths exclude pruneOpts extraBackupArgs;
      initialize = true;
      repository = rcloneRepository;
      rcloneConfig = {
        type = "local";
        one_file_system = true;
      };
      # Overridden by rcloneConfig.type.
      rcloneConfigFile = "@T@/rclone.conf";
    };
    remoteprune = {
      inherit passwordFile;
      repository = remoteRepository;
      pruneOpts = [ "--keep-last 1" ];
    };
    custompackage = {
      inherit passwordFile paths;
      repository = "some-fake-repository";
      package = pkgs.writeShellScriptBin "restic" "echo \"$@\" >> @T@/root/fake-restic.log";
      pruneOpts = [ "--keep-last 1" ];
      checkOpts = [ "--some-check-option" ];
    };
  };
}
"#;

struct Restic {
    dir: tempfile::TempDir,
}

impl Restic {
    fn new() -> Restic {
        let ok = Command::new("restic").arg("version").output().is_ok();
        assert!(ok, "restic is required for this test: run scripts/setup");
        let dir = tempfile::tempdir().expect("temp dir");
        let w = Restic { dir };
        // The test's files (`testDir`), then the files the excludes drop.
        write(&w.path("opt/some_file"), "some_file\n");
        write(&w.path("opt/some_other_file"), "some_other_file\n");
        write(&w.path("opt/a_dir/a_file"), "a_file\n");
        write(&w.path("opt/a_dir/a_file_2"), "a_file_2\n");
        write(&w.path("opt/excluded_file_1"), "");
        write(&w.path("opt/excluded_file_2"), "");
        fs::create_dir_all(w.path("root/restic-rclone-backup")).unwrap();
        write(&w.path("password"), RESTIC_PASSWORD);
        write(
            &w.path("repositoryFile"),
            &w.p("root/restic-backup-from-file"),
        );
        write(&w.path("rclone.conf"), "[local]\ntype=ftp\n");
        // The `writeShellScriptBin "restic"` package's executable.
        executable(
            &w.path("fake/bin/restic"),
            &format!(
                "#!/usr/bin/env bash\necho \"$@\" >> {}\n",
                w.p("root/fake-restic.log")
            ),
        );
        w.config("2016-12-13 13:45:00");
        w
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn p(&self, p: &str) -> String {
        self.path(p).display().to_string()
    }
    /// Writes the server's configuration with backups made at `time`.
    fn config(&self, time: &str) {
        let nix = RESTIC
            .replace("@T@", &self.dir.path().display().to_string())
            .replace("@TIME@", time);
        fs::write(self.path("server.nix"), nix).unwrap();
    }
    fn apply(&self, cmd: &mut Command) {
        cmd.current_dir(self.dir.path())
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("TZ", "UTC")
            .env_remove("RESTIC_PASSWORD")
            .env_remove("RESTIC_REPOSITORY");
    }
    fn backix(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_backix"));
        cmd.args(args);
        self.apply(&mut cmd);
        cmd.output().expect("backix runs")
    }
    fn run(&self, job: &str) -> Output {
        self.backix(&["run", &self.p("server.nix"), "--job", job])
    }
    /// What the module's `restic-<job>` wrapper does: restic in the job's environment (from
    /// the manifest), with a cache of the test's own.
    fn wrapper(&self, job: &str, args: &[&str], cwd: &Path) -> Output {
        let o = self.backix(&["emit", &self.p("server.nix")]);
        assert_eq!(o.status.code(), Some(0), "{}", both(&o));
        let m: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a manifest");
        let job = manifest_job(&m, job);
        assert_eq!(job["options"]["createWrapper"], true);
        let mut cmd = Command::new("restic");
        self.apply(&mut cmd);
        for (k, v) in job["rendered"]["environment"].as_object().unwrap() {
            cmd.env(k, v.as_str().expect("a known value"));
        }
        cmd.env("RESTIC_CACHE_DIR", self.path("wrapper-cache"))
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("restic runs")
    }
    fn snapshots(&self, job: &str) -> Vec<serde_json::Value> {
        let o = self.wrapper(job, &["snapshots", "--json"], self.dir.path());
        assert!(o.status.success(), "{}", both(&o));
        serde_json::from_slice(&o.stdout).expect("snapshots as JSON")
    }
    /// Restores the latest snapshot of `job` and compares it with the test's files.
    fn restores_the_test_dir(&self, job: &str) {
        let target = self.path(&format!("restore-{job}"));
        let o = self.wrapper(
            job,
            &["restore", "latest", "-t", target.to_str().unwrap()],
            self.dir.path(),
        );
        assert!(o.status.success(), "{}", both(&o));
        let restored = files(&target.join(self.path("opt").strip_prefix("/").unwrap()));
        let mut expected = files(&self.path("opt"));
        expected.remove("excluded_file_1");
        expected.remove("excluded_file_2");
        assert_eq!(restored, expected);
    }
}

#[test]
fn upstream_restic_remotebackup_hooks_snapshot_and_restore() {
    let w = Restic::new();
    let before = w.wrapper("remotebackup", &["snapshots"], w.dir.path());
    assert!(
        !before.status.success(),
        "a repository before the first run"
    );
    let run = w.run("remotebackup");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    // The prepare command ran first (its marker was then removed by the cleanup command).
    assert!(w.path("root/backupCleanupCommand").exists());
    assert!(!w.path("root/backupPrepareCommand").exists());
    let snaps = w.snapshots("remotebackup");
    assert_eq!(snaps.len(), 1);
    assert!(
        snaps[0]["time"]
            .as_str()
            .unwrap()
            .starts_with("2016-12-13T13:45:00"),
        "{snaps:?}"
    );
    w.restores_the_test_dir("remotebackup");
    // The prepare command refuses to run while the cleanup marker is there.
    let again = w.run("remotebackup");
    assert_ne!(again.status.code(), Some(0), "{}", both(&again));
    assert_eq!(w.snapshots("remotebackup").len(), 1);
}

#[test]
fn upstream_restic_remote_from_file_backup_paths_and_dynamic_files() {
    let w = Restic::new();
    let run = w.run("remote-from-file-backup");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert!(w.path("root/restic-backup-from-file/config").is_file());
    assert_eq!(w.snapshots("remote-from-file-backup").len(), 1);
    w.restores_the_test_dir("remote-from-file-backup");
}

#[test]
fn upstream_restic_remote_noinit_backup_needs_an_init() {
    let w = Restic::new();
    let first = w.run("remote-noinit-backup");
    assert_ne!(first.status.code(), Some(0), "{}", both(&first));
    assert!(
        text(&first.stderr).contains("set `initialize = true`"),
        "{}",
        both(&first)
    );
    assert!(!w.path("root/restic-backup-no-init/config").exists());
    let init = w.wrapper("remote-noinit-backup", &["init"], w.dir.path());
    assert!(init.status.success(), "{}", both(&init));
    let run = w.run("remote-noinit-backup");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert_eq!(w.snapshots("remote-noinit-backup").len(), 1);
    w.restores_the_test_dir("remote-noinit-backup");
}

#[test]
fn upstream_restic_remote_from_command_backup_needs_a_newer_restic() {
    let w = Restic::new();
    let run = w.run("remote-from-command-backup");
    // restic 0.17 added `backup --stdin-from-command`; 0.14 refuses the flag.
    assert_ne!(run.status.code(), Some(0), "{}", both(&run));
    let err = text(&run.stderr);
    assert!(err.contains("unknown flag: --stdin-from-command"), "{err}");
    assert!(err.contains("restic 0.17"), "{err}");
    // The repository was initialized; no snapshot was taken.
    assert_eq!(w.snapshots("remote-from-command-backup").len(), 0);
}

#[test]
fn upstream_restic_custompackage_runs_the_given_restic() {
    let w = Restic::new();
    assert!(!w.path("root/fake-restic.log").exists());
    // `package` is a derivation static analysis cannot build: backix asks for the executable.
    let unset = w.run("custompackage");
    assert_eq!(unset.status.code(), Some(2), "{}", both(&unset));
    assert!(
        text(&unset.stderr).contains("pkgs.writeShellScriptBin"),
        "{}",
        both(&unset)
    );
    let run = w.backix(&[
        "run",
        &w.p("server.nix"),
        "--job",
        "custompackage",
        "--set",
        &format!("package={}", w.p("fake/bin/restic")),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    let log = fs::read_to_string(w.path("root/fake-restic.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("backup ") && l.contains("--files-from")),
        "{log}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("check") && l.contains(" --some-check-option")),
        "{log}"
    );
    assert!(lines.contains(&"forget --prune --keep-last 1"), "{log}");
}

/// The VM test's clock changes, as `backup --time` values.
const DATED_RUNS: [&str; 4] = [
    "2017-12-13 13:45:00",
    "2018-12-13 13:45:00",
    "2018-12-14 13:45:00",
    "2018-12-15 13:45:00",
];
const LAST_RUN: &str = "2018-12-16 13:45:00";

/// Runs `job` at 2016-12-13, then at each dated run, and returns its snapshot times.
fn dated_runs(w: &Restic, job: &str) -> Vec<String> {
    for time in ["2016-12-13 13:45:00"]
        .iter()
        .chain(DATED_RUNS.iter())
        .chain([LAST_RUN].iter())
    {
        w.config(time);
        let run = w.run(job);
        assert_eq!(run.status.code(), Some(0), "{time}: {}", both(&run));
        let _ = fs::remove_file(w.path("root/backupCleanupCommand"));
    }
    let mut times: Vec<String> = w
        .snapshots(job)
        .iter()
        .map(|s| s["time"].as_str().unwrap()[..10].to_string())
        .collect();
    times.sort();
    times
}

#[test]
fn upstream_restic_dated_runs_keep_four_then_remoteprune_keeps_one() {
    let w = Restic::new();
    // --keep-daily 2 --keep-weekly 1 --keep-monthly 1 --keep-yearly 99.
    let times = dated_runs(&w, "remotebackup");
    assert_eq!(
        times,
        ["2016-12-13", "2017-12-13", "2018-12-15", "2018-12-16"]
    );
    let prune = w.run("remoteprune");
    assert_eq!(prune.status.code(), Some(0), "{}", both(&prune));
    let left = w.snapshots("remotebackup");
    assert_eq!(left.len(), 1);
    assert!(
        left[0]["time"].as_str().unwrap().starts_with("2018-12-16"),
        "{left:?}"
    );
}

#[test]
fn upstream_restic_rclonebackup_through_rclone() {
    let w = Restic::new();
    let ok = Command::new("rclone").arg("version").output().is_ok();
    assert!(ok, "rclone is required for this test: run scripts/setup");
    // The configuration file says `type=ftp`; the environment from rcloneConfig wins.
    let m = w.backix(&["emit", &w.p("server.nix")]);
    let m: serde_json::Value = serde_json::from_slice(&m.stdout).expect("a manifest");
    let env = &manifest_job(&m, "rclonebackup")["rendered"]["environment"];
    assert_eq!(env["RCLONE_CONFIG_LOCAL_TYPE"], "local");
    assert_eq!(env["RCLONE_CONFIG_LOCAL_ONE_FILE_SYSTEM"], "true");
    assert_eq!(env["RCLONE_CONFIG"], w.p("rclone.conf"));
    let run = w.run("rclonebackup");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert!(w.path("root/restic-rclone-backup/config").is_file());
    assert_eq!(w.snapshots("rclonebackup").len(), 1);
    w.restores_the_test_dir("rclonebackup");
    let times = dated_runs(&w, "rclonebackup");
    assert_eq!(
        times,
        ["2016-12-13", "2017-12-13", "2018-12-15", "2018-12-16"]
    );
}

#[test]
fn upstream_restic_inhibit_test_wraps_restic_in_systemd_inhibit() {
    let w = Restic::new();
    let dry = w.backix(&[
        "run",
        &w.p("server.nix"),
        "--job",
        "inhibit-test",
        "--dry-run",
    ]);
    assert_eq!(dry.status.code(), Some(0), "{}", both(&dry));
    let m = w.backix(&["emit", &w.p("server.nix")]);
    let m: serde_json::Value = serde_json::from_slice(&m.stdout).expect("a manifest");
    let script = manifest_job(&m, "inhibit-test")["rendered"]["script"]
        .as_str()
        .expect("a known script")
        .to_string();
    assert!(
        script.contains(
            "resticCmd=(systemd-inhibit --mode=block --who=restic --what=sleep \
             '--why=Scheduled backup inhibit-test'"
        ),
        "{script}"
    );
    let run = w.run("inhibit-test");
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    // Without a running systemd (no logind) there is nothing to inhibit sleep with.
    let systemd = Path::new("/run/systemd/system").is_dir();
    assert_eq!(
        text(&run.stderr).contains("not inhibiting sleep"),
        !systemd,
        "{}",
        both(&run)
    );
    assert_eq!(w.snapshots("inhibit-test").len(), 1);
}

// --- borgmatic ----------------------------------------------------------------------------------

#[test]
fn upstream_borgmatic_repo_create_then_the_unit_backs_up() {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin");
    assert!(
        venv.join("borgmatic").is_file(),
        "borgmatic 2.1.10 is missing at {}: run scripts/setup",
        venv.display()
    );
    require("borg");
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path();
    write(&t.join("home/alice/notes"), "notes\n");
    // The repository's parent, like the VM's /var.
    fs::create_dir_all(t.join("var")).unwrap();
    let config = t.join("machine.nix");
    fs::write(
        &config,
        format!(
            r#"{{ ... }}: {{
  services.borgmatic = {{
    enable = true;
    settings = {{
      source_directories = [ "{t}/home" ];
      repositories = [
        {{
          label = "local";
          path = "{t}/var/backup";
        }}
      ];
      keep_daily = 7;
    }};
  }};
}}
"#,
            t = t.display()
        ),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        venv.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cmd = |program: &str| {
        let mut c = Command::new(program);
        c.current_dir(t)
            .env("PATH", &path)
            .env("BORG_BASE_DIR", t.join("base"))
            .env("TZ", "UTC");
        c
    };
    let m = cmd(env!("CARGO_BIN_EXE_backix"))
        .args(["emit", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(m.status.code(), Some(0), "{}", both(&m));
    let m: serde_json::Value = serde_json::from_slice(&m.stdout).expect("a manifest");
    let job = manifest_job(&m, "config");
    assert_eq!(job["kind"], "borgmatic");
    // A dry run shows the file and the command, and runs nothing.
    let dry = cmd(env!("CARGO_BIN_EXE_backix"))
        .args(["run", config.to_str().unwrap(), "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(dry.status.code(), Some(0), "{}", both(&dry));
    let shown = text(&dry.stdout);
    assert!(
        shown.contains(r#"#   {"keep_daily":7,"repositories":"#),
        "{shown}"
    );
    assert!(
        shown.contains("/config.yaml --verbosity 1 --syslog-verbosity -2\n"),
        "{shown}"
    );
    assert!(!t.join("var/backup").exists(), "the dry run ran borgmatic");
    // `borgmatic repo-create -e none` (2.x's `rcreate`) on the file the module writes.
    let file = t.join("config.yaml");
    fs::write(&file, job["options"]["yaml"].as_str().expect("known text")).unwrap();
    let create = cmd("borgmatic")
        .args([
            "--config",
            file.to_str().unwrap(),
            "repo-create",
            "-e",
            "none",
        ])
        .output()
        .unwrap();
    assert!(create.status.success(), "{}", both(&create));
    // Then the unit's `borgmatic` (create, prune, compact, check), through backix run.
    let run = cmd(env!("CARGO_BIN_EXE_backix"))
        .args(["run", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", both(&run));
    assert!(
        both(&run).contains("Successfully ran configuration file"),
        "{}",
        both(&run)
    );
    let list = cmd("borg")
        .args(["list", "--short"])
        .arg(t.join("var/backup"))
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", both(&list));
    let archives = text(&list.stdout);
    assert_eq!(archives.lines().count(), 1, "{archives}");
    let files = cmd("borg")
        .args(["list", "--short"])
        .arg(format!(
            "{}::{}",
            t.join("var/backup").display(),
            archives.trim()
        ))
        .output()
        .unwrap();
    assert!(
        text(&files.stdout).contains("home/alice/notes"),
        "{}",
        both(&files)
    );
}
