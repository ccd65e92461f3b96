//! `backix emit --format authorized-keys` against a real OpenSSH server and borg 1.2: the test
//! starts its own `sshd` (loopback, free port, its own host key and configuration) whose
//! `AuthorizedKeysFile` is the file backix wrote, then drives borg over ssh with each key.
//!
//! The lines are the module's exactly, so the forced command runs `borg serve` from the
//! serving user's PATH (the module relies on borg being in the system packages); here that is
//! the system's borg, on sshd's default PATH.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

#[path = "common/sshd.rs"]
mod sshd;

use sshd::{Sshd, borg_rsh, keygen, require, start_sshd};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct World {
    root: tempfile::TempDir,
    sshd: Sshd,
}

impl World {
    fn path(&self, p: &str) -> PathBuf {
        self.root.path().join(p)
    }
    /// borg with `key`, against `root@127.0.0.1:<repo>`.
    fn borg(&self, key: &str, args: &[&str]) -> Output {
        let rsh = borg_rsh(&self.sshd, &self.path(key));
        Command::new("borg")
            .args(args)
            .current_dir(self.root.path())
            .env("BORG_RSH", rsh)
            .env("BORG_BASE_DIR", self.path("client-base"))
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
            .env("BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes")
            .output()
            .expect("borg runs")
    }
    fn borg_ok(&self, key: &str, args: &[&str]) -> String {
        let o = self.borg(key, args);
        assert!(
            o.status.success(),
            "borg {args:?} with key {key} failed: {}{}\nsshd log:\n{}",
            text(&o.stdout),
            text(&o.stderr),
            fs::read_to_string(self.path("sshd.log")).unwrap_or_default()
        );
        text(&o.stdout)
    }
    fn archives(&self, key: &str) -> Vec<String> {
        self.borg_ok(key, &["list", "--short", "root@127.0.0.1:."])
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// Segment files of a repository with their contents.
fn segments(repo: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![repo.join("data")];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn setup() -> World {
    require("borg");
    require("ssh");
    let root = tempfile::tempdir().expect("temp dir");
    let r = root.path();
    let full = keygen(&r.join("full"));
    let append = keygen(&r.join("append"));
    let quota = keygen(&r.join("quota"));
    for d in ["data/full", "data/append", "data/quota", "src"] {
        fs::create_dir_all(r.join(d)).unwrap();
    }
    fs::write(r.join("src/file"), "important data\n").unwrap();
    let config = r.join("server.nix");
    fs::write(
        &config,
        format!(
            r#"{{ ... }}: {{
  services.borgbackup.repos = {{
    full = {{ path = "{d}/data/full"; user = "root"; authorizedKeys = [ "{full}" ]; }};
    append = {{ path = "{d}/data/append"; user = "root"; authorizedKeysAppendOnly = [ "{append}" ]; }};
    quota = {{ path = "{d}/data/quota"; user = "root"; quota = "10M"; authorizedKeys = [ "{quota}" ]; }};
  }};
}}
"#,
            d = r.display()
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(["emit", "--format", "authorized-keys"])
        .arg(&config)
        .output()
        .expect("backix runs");
    assert!(o.status.success(), "backix: {}", text(&o.stderr));
    let keys = text(&o.stdout);
    assert!(keys.contains("# authorized_keys of user root"), "{keys}");
    assert_eq!(keys.matches("command=\"cd ").count(), 3, "{keys}");
    assert!(keys.contains(&format!(
        "command=\"cd {}/data/append && borg serve --restrict-to-repository . --append-only \",restrict {append}\n",
        r.display()
    )), "{keys}");
    let ak = r.join("authorized_keys");
    fs::write(&ak, &keys).unwrap();
    let sshd = start_sshd(r, &ak);
    World { root, sshd }
}

#[test]
fn keys_are_forced_to_borg_serve_as_the_module_restricts_them() {
    let w = setup();
    let repo = "root@127.0.0.1:.";

    // A full-access key: init, create, prune and compact do what they say.
    w.borg_ok("full", &["init", "-e", "none", repo]);
    assert!(
        w.path("data/full/config").is_file(),
        "init did not reach the repo path"
    );
    w.borg_ok("full", &["create", &format!("{repo}::a1"), "src"]);
    w.borg_ok("full", &["create", &format!("{repo}::a2"), "src"]);
    assert_eq!(w.archives("full"), ["a1", "a2"]);
    let before = segments(&w.path("data/full"));
    w.borg_ok("full", &["prune", "--keep-last", "1", repo]);
    w.borg_ok("full", &["compact", repo]);
    assert_eq!(w.archives("full"), ["a2"]);
    let after = segments(&w.path("data/full"));
    assert!(
        before.iter().any(|s| !after.contains(s)),
        "compact with a full-access key rewrote nothing"
    );

    // --restrict-to-repository: another path is refused and not created.
    let o = w.borg("full", &["init", "-e", "none", "root@127.0.0.1:other"]);
    assert!(!o.status.success(), "a second repository was allowed");
    assert!(!w.path("data/full/other").exists() && !w.path("other").exists());
    let o = w.borg(
        "full",
        &[
            "list",
            &format!("root@127.0.0.1:{}", w.path("data/append").display()),
        ],
    );
    assert!(
        !o.status.success(),
        "another repository's path was reachable"
    );
    // Each key reaches only its own repository (sshd picks the key's line).
    let o = w.borg("append", &["list", repo]);
    assert!(
        !o.status.success(),
        "the append-only key reached the full repository"
    );
}

#[test]
fn append_only_keys_cannot_destroy_data() {
    let w = setup();
    let repo = "root@127.0.0.1:.";
    w.borg_ok("append", &["init", "-e", "none", repo]);
    w.borg_ok("append", &["create", &format!("{repo}::a1"), "src"]);
    w.borg_ok("append", &["create", &format!("{repo}::a2"), "src"]);
    assert_eq!(w.archives("append"), ["a1", "a2"]);
    let before = segments(&w.path("data/append"));
    // Whatever prune, delete and compact report, an append-only repository keeps every
    // segment it had, byte for byte: the deleted archives can be brought back.
    let _ = w.borg("append", &["prune", "--keep-last", "1", repo]);
    let _ = w.borg("append", &["delete", &format!("{repo}::a2")]);
    let _ = w.borg("append", &["compact", repo]);
    let after = segments(&w.path("data/append"));
    for (path, data) in &before {
        assert!(
            after.iter().any(|(p, d)| p == path && d == data),
            "{} was changed or removed through an append-only key",
            path.display()
        );
    }
    let config = fs::read_to_string(w.path("data/append/config")).unwrap();
    assert!(config.contains("append_only = 0"), "{config}");
}

#[test]
fn the_storage_quota_is_enforced() {
    let w = setup();
    let repo = "root@127.0.0.1:.";
    w.borg_ok("quota", &["init", "-e", "none", repo]);
    w.borg_ok("quota", &["create", &format!("{repo}::small"), "src"]);
    // 16 MiB that do not compress or deduplicate: over the 10M quota.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let big: Vec<u8> = (0..16 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    fs::write(w.path("src/big"), big).unwrap();
    let o = w.borg(
        "quota",
        &[
            "create",
            "--compression",
            "none",
            &format!("{repo}::big"),
            "src",
        ],
    );
    assert!(!o.status.success(), "16 MiB fit under a 10M quota");
    let err = text(&o.stderr);
    assert!(err.to_lowercase().contains("quota"), "{err}");
    // The full-access repository has no quota: the same data fits.
    let o = w.borg("full", &["init", "-e", "none", repo]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    w.borg_ok(
        "full",
        &[
            "create",
            "--compression",
            "none",
            &format!("{repo}::big"),
            "src",
        ],
    );
}

/// Reads the environment a written service gives its script: `Environment="NAME=value"` lines
/// (the escapes backix writes: `\\`, `\"`, `\n`, `%%`) and the `NAME='value'` lines of its
/// `EnvironmentFile=`.
fn unit_environment(service: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in service.lines() {
        if let Some(q) = line.strip_prefix("Environment=\"") {
            let body = q.strip_suffix('"').expect("quoted");
            let mut value = String::new();
            let mut chars = body.chars();
            while let Some(c) = chars.next() {
                match (c, chars.clone().next()) {
                    ('\\', Some(n)) => {
                        chars.next();
                        value.push(if n == 'n' { '\n' } else { n });
                    }
                    ('%', Some('%')) => {
                        chars.next();
                        value.push('%');
                    }
                    (c, _) => value.push(c),
                }
            }
            let (k, v) = value.split_once('=').unwrap();
            out.push((k.to_string(), v.to_string()));
        } else if let Some(path) = line.strip_prefix("EnvironmentFile=") {
            for l in fs::read_to_string(path).unwrap().lines() {
                if let Some((k, v)) = l.split_once("='") {
                    assert!(!v[..v.len() - 1].contains('\''), "test parser: {l}");
                    out.push((k.to_string(), v[..v.len() - 1].to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn emitted_units_back_up_over_ssh() {
    let w = setup();
    let d = w.root.path();
    fs::write(d.join("src/skip.tmp"), "not this\n").unwrap();
    let rsh = borg_rsh(&w.sshd, &d.join("full"));
    let config = d.join("client.nix");
    fs::write(
        &config,
        format!(
            r#"{{ config, ... }}: {{
  services.borgbackup.jobs.remote = {{
    paths = [ "{d}/src" ];
    exclude = [ "*.tmp" ];
    repo = "root@127.0.0.1:.";
    encryption = {{ mode = "repokey"; passphrase = "s3cret"; }};
    environment = {{ BORG_RSH = "{rsh}"; BORG_BASE_DIR = "{d}/client-base"; }};
    prune.keep.last = 1;
    persistentTimer = true;
  }};
}}
"#,
            d = d.display()
        ),
    )
    .unwrap();
    let out = d.join("units");
    let o = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(["emit", "--format", "systemd", "--out"])
        .arg(&out)
        .arg(&config)
        .args(["--home", "root=/root", "--hostname", "client"])
        .output()
        .expect("backix runs");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let service = fs::read_to_string(out.join("borgbackup-job-remote.service")).unwrap();
    assert!(!service.contains("s3cret"), "{service}");
    let env = unit_environment(&service);
    assert!(
        env.iter()
            .any(|(k, v)| k == "BORG_PASSPHRASE" && v == "s3cret")
    );
    // Run the script twice as ExecStart would, in the unit's environment only.
    for _ in 0..2 {
        let o = Command::new(out.join("borgbackup-job-remote-script"))
            .env_clear()
            .env(
                "PATH",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            )
            .env("TZ", "UTC")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(d)
            .output()
            .expect("the script runs");
        assert!(
            o.status.success(),
            "the job failed: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        std::thread::sleep(Duration::from_millis(1100));
    }
    // Init, create, rename, prune (keep 1), compact all went through the forced command.
    let list = |args: &[&str]| {
        let o = Command::new("borg")
            .args(args)
            .env("BORG_RSH", &rsh)
            .env("BORG_PASSPHRASE", "s3cret")
            .env("BORG_BASE_DIR", d.join("client-base"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let archives = list(&["list", "--short", "root@127.0.0.1:."]);
    let names: Vec<&str> = archives.lines().collect();
    assert_eq!(names.len(), 1, "{archives}");
    assert!(names[0].starts_with("client-remote-"), "{archives}");
    let files = list(&[
        "list",
        "--short",
        &format!("root@127.0.0.1:.::{}", names[0]),
    ]);
    assert!(files.contains("src/file"), "{files}");
    assert!(
        !files.contains("skip.tmp"),
        "the exclude file was not read: {files}"
    );
    assert!(w.path("data/full/config").is_file());
}
