//! Repository locations: borg's against borg's own `Location` class (run by the Python that runs
//! borg), restic's against `restic -r LOCATION snapshots` (restic 0.14 says "parsing repository
//! location failed" before it touches any network), plus hand-written cases.

mod domain_support;

use std::time::Duration;

use backix_schema::domain::repository::{
    BorgLocation, RemoteBase, ResticBackend, parse_borg_repository, parse_restic_repository,
};
use domain_support::{assert_no_mismatches, par_map, python, require, run_with_timeout, text};

const BORG_CASES: &[&str] = &[
    "/var/backup/borg",
    "/root/back:up",
    "/mnt/usb/",
    "./relative",
    "relative/repo",
    "repo",
    "~/backup",
    "user@host:/path/to/repo",
    "user@host:repo",
    "user@host:~/repo",
    "borg@server:.",
    "host:path",
    "host:/abs",
    "host:",
    "user@host:",
    "host::",
    "a@b@c:x",
    "[::1]:repo",
    "user@[::1]:/r",
    "user@[fe80::1%eth0]:/r",
    "ssh://user@host:2222/./rel",
    "ssh://user@host/~/repo",
    "ssh://host/~bob/repo",
    "ssh://host/abs/path",
    "ssh://host:0/x",
    "ssh://[::1]:22/r",
    "ssh://host",
    "ssh://host/",
    "ssh://host:abc/x",
    "ssh://h:/x",
    "ssh://user@:22/x",
    "sftp://host/x",
    "file:///abs",
    "file://server/p",
    "file://",
    "/r::arch",
    "/r::a/b",
    "/r::",
    ":repo",
    "//double",
    ".host:path",
    "C:/x",
    "/backup/{hostname}",
    "/backup/{now:%Y}",
    "/backup/{host}",
    "/backup/{",
    "/backup/}",
    "/backup/{{x}}",
    "/backup/{}",
    "/backup/{user!r}",
    "",
];

fn normpath_special(p: &str) -> String {
    let n = backix_schema::domain::patterns::normpath(p);
    if p.starts_with("/./") {
        format!("/.{n}")
    } else {
        n
    }
}

#[test]
fn borg_locations_match_borg() {
    let script = r#"
import sys, json, os
os.environ.pop("BORG_REPO", None)
from borg.helpers import Location
for line in sys.stdin:
    s = json.loads(line)
    try:
        l = Location(s)
        print(json.dumps([l.proto, l.user, l.host, l.port, l.path, l.archive], ensure_ascii=False))
    except Exception as e:
        print(json.dumps(["ERR", type(e).__name__]))
"#;
    let input: String = BORG_CASES
        .iter()
        .map(|s| format!("\"{}\"\n", s.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    let out = python(script, &input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), BORG_CASES.len());
    let mut mismatches = Vec::new();
    let mut accepted = 0;
    for (case, line) in BORG_CASES.iter().zip(lines) {
        let borg_err = line.starts_with("[\"ERR\"");
        let ours = parse_borg_repository(case);
        match (&ours, borg_err) {
            (Err(e), false) if e.code == "borg-repo-archive" => {
                if line.ends_with("null]") {
                    mismatches.push(format!("{case:?}: backix sees an archive, borg {line}"));
                }
            }
            (Err(e), false) => mismatches.push(format!(
                "{case:?}: backix rejects ({e}), borg accepts: {line}"
            )),
            (Ok(_), true) => mismatches.push(format!("{case:?}: backix accepts, borg {line}")),
            (Err(_), true) => {}
            (Ok(r), false) => {
                accepted += 1;
                if case.contains('{') {
                    continue; // borg substituted the real placeholder values
                }
                let expected = borg_location_tuple(&r.location);
                if expected != line {
                    mismatches.push(format!("{case:?}: borg {line}, backix {expected}"));
                }
            }
        }
    }
    assert!(accepted >= 25, "{accepted} accepted");
    assert_no_mismatches(&mismatches);
}

fn json(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn borg_module_locality() {
    let local = |s: &str| parse_borg_repository(s).unwrap().module_local;
    assert!(local("/a"));
    assert!(local("./b"));
    assert!(local("/root/back:up"));
    assert!(!local("relative/repo"));
    assert!(!local("user@host:repo"));
    assert!(!local("ssh://u@h/p"));
    assert!(!local("repo"));
    let codes = |s: &str| -> Vec<&'static str> {
        parse_borg_repository(s)
            .unwrap()
            .warnings
            .iter()
            .map(|w| w.code)
            .collect()
    };
    assert!(codes("repo").contains(&"borg-repo-module-remote"));
    assert!(codes("file:///srv/borg").contains(&"borg-repo-module-remote"));
    assert!(codes("~/backup").contains(&"borg-repo-tilde"));
    assert!(codes(".host:path").contains(&"borg-repo-module-local"));
    assert!(codes("./repo").contains(&"borg-repo-relative"));
    assert!(codes("/var/backup").is_empty());
    assert!(codes("user@host:/path/to/repo").is_empty());

    let r = parse_borg_repository("ssh://user@host:2222/./rel").unwrap();
    assert!(matches!(
        r.location,
        BorgLocation::Ssh {
            base: RemoteBase::WorkingDirectory,
            port: Some(2222),
            url: true,
            ..
        }
    ));
    let r = parse_borg_repository("host:~bob/r").unwrap();
    assert!(
        matches!(r.location, BorgLocation::Ssh { base: RemoteBase::HomeOf(ref n), .. } if n == "bob")
    );
    let e = parse_borg_repository("ssh://host").unwrap_err();
    assert!(e.message.contains("needs a path"), "{}", e.message);
    let e = parse_borg_repository("/backup/{host}").unwrap_err();
    assert!(e.message.contains("`{hostname}`"), "{}", e.message);
    assert_eq!(e.range, 8..14);
}

/// restic locations; none of them needs the network to be judged (hosts are local addresses,
/// ssh and rclone are replaced by /bin/false).
const RESTIC_CASES: &[&str] = &[
    "/srv/restic",
    "relative",
    "../up",
    "~/restic",
    "C:/x",
    "c:x",
    "a:/x",
    "./x:y",
    "foo:bar",
    "S3:127.0.0.1:9/b",
    "B2:bucket",
    "http://127.0.0.1:9/x",
    "file:///x",
    "local:/x",
    "local:",
    "local:rel:with:colons",
    "local",
    "sftp:user@127.0.0.1:/srv/restic",
    "sftp:127.0.0.1:backups/test",
    "sftp:127.0.0.1:",
    "sftp:127.0.0.1",
    "sftp:",
    "sftp",
    "sftp:127.0.0.1:~/x",
    "sftp://user@127.0.0.1:22//abs",
    "sftp://127.0.0.1/rel",
    "sftp://127.0.0.1",
    "sftp://127.0.0.1/~x",
    "sftp://ho st/x",
    "sftp://127.0.0.1:abc/x",
    "sftp://[::1/x",
    "rest:http://127.0.0.1:9/",
    "rest:https://user:pw@127.0.0.1:9/repo",
    "rest:http://[::1/",
    "rest:http://127.0.0.1:9/%zz",
    "rest:",
    "rest",
    "s3:127.0.0.1:9/bucket",
    "s3:127.0.0.1:9/bucket/prefix/deeper",
    "s3://127.0.0.1:9/bucket",
    "s3:http://127.0.0.1:9/bucket",
    "s3:http://127.0.0.1:9",
    "s3:https://[::1/x",
    "s3:127.0.0.1:9",
    "s3:",
    "s3",
    "b2:bucket-name",
    "b2:bucket-name:path/in/bucket",
    "b2:",
    "b2::path",
    "b2:abc",
    "b2:bucket_x",
    "b2",
    "azure:container:/path",
    "azure::/p",
    "azure:container",
    "azure:",
    "gs:bucket:/path",
    "gs:bucket",
    "gs:",
    "swift:container:/prefix",
    "swift:container:prefix",
    "swift:container:",
    "swift:container",
    "rclone:remote:path",
    "rclone:",
    "rclone",
    "",
];

#[test]
fn restic_locations_match_restic() {
    let restic = require("restic");
    let version = std::process::Command::new(&restic)
        .arg("version")
        .output()
        .expect("restic version");
    let version = String::from_utf8_lossy(&version.stdout).to_string();
    assert!(
        version.starts_with("restic 0.14"),
        "these tests expect restic 0.14 (scripts/setup installs it), found {version:?}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let outs = par_map(RESTIC_CASES, |case| {
        let mut cmd = std::process::Command::new(&restic);
        cmd.env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", dir.path())
            .env("RESTIC_PASSWORD", "x")
            .env("RESTIC_CACHE_DIR", dir.path().join("cache"))
            .current_dir(dir.path())
            .args([
                "--no-lock",
                "-o",
                "sftp.command=/bin/false",
                "-o",
                "rclone.program=/bin/false",
            ])
            .args(["-r", case, "snapshots"]);
        run_with_timeout(cmd, Duration::from_secs(20))
    });
    let mut mismatches = Vec::new();
    let mut rejected = 0;
    for (case, out) in RESTIC_CASES.iter().zip(outs) {
        // Killed while connecting: restic had parsed the location.
        let restic_rejects = out.as_ref().is_some_and(|o| {
            let t = text(o);
            t.contains("parsing repository location failed")
                || t.contains("Please specify repository location")
                // restic 0.14 panics on a bare `rest`, before it would report a parse error
                || t.contains("panic: runtime error")
        });
        rejected += usize::from(restic_rejects);
        let ours = parse_restic_repository(case);
        if ours.is_err() != restic_rejects {
            mismatches.push(format!(
                "{case:?}: backix {ours:?}, restic: {}",
                out.as_ref().map_or("(timed out)".to_string(), text)
            ));
        }
    }
    assert!(rejected >= 25, "{rejected} rejected");
    assert_no_mismatches(&mismatches);
}

#[test]
fn restic_hand_written() {
    let ok = |s: &str| parse_restic_repository(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    let r = ok("sftp:alice@sftp:backups/test");
    assert_eq!(
        r.backend,
        ResticBackend::Sftp {
            user: Some("alice".into()),
            host: "sftp".into(),
            path: "backups/test".into()
        }
    );
    let r = ok("s3:s3.amazonaws.com/bucket/prefix");
    assert!(
        matches!(r.backend, ResticBackend::S3 { ref bucket, ref prefix, .. } if bucket == "bucket" && prefix == "prefix")
    );
    let r = ok("rclone:local:/root/restic-rclone-backup");
    assert_eq!(
        r.backend,
        ResticBackend::Rclone {
            remote: "local:/root/restic-rclone-backup".into()
        }
    );
    assert!(
        ok("rest:foo")
            .warnings
            .iter()
            .any(|w| w.code == "restic-repo-rest-scheme")
    );
    assert!(
        ok("s3:host/")
            .warnings
            .iter()
            .any(|w| w.code == "restic-repo-empty-bucket")
    );
    assert!(
        ok("~/restic")
            .warnings
            .iter()
            .any(|w| w.code == "restic-repo-tilde")
    );
    assert!(
        ok("relative")
            .warnings
            .iter()
            .any(|w| w.code == "restic-repo-relative")
    );
    assert!(ok("/srv/restic").warnings.is_empty());

    let err = |s: &str| parse_restic_repository(s).unwrap_err().message;
    assert!(err("b2:").contains("bucket name not found"));
    assert!(err("s3").contains("s3: invalid format"));
    let m = err("foo:bar");
    assert!(m.contains("local:") && m.contains("`foo`"), "{m}");
    assert!(err("stfp:host:/x").contains("did you mean `sftp:`"));
    assert!(err("S3:host/b").contains("lower case"));
    assert!(err("https://host/x").contains("rest:https://host/x"));
}

/// A small deterministic generator for the randomized comparison.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_borg_locations_match_borg() {
    const PIECES: &[&str] = &[
        "a", "b", "@", ":", "/", "ssh://", "file://", "[", "]", "::", "~", ".", "1", "2", "f",
        "./", "/./", "/~/", "\u{e9}", " ", "-", "[::1]", "22",
    ];
    let mut rng = Lcg(7);
    let cases: Vec<String> = (0..3000)
        .map(|_| {
            let len = rng.below(7) + 1;
            (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
        })
        .collect();
    let script = r#"
import sys, json, os
os.environ.pop("BORG_REPO", None)
from borg.helpers import Location
for line in sys.stdin:
    s = json.loads(line)
    try:
        l = Location(s)
        print(json.dumps([l.proto, l.user, l.host, l.port, l.path, l.archive], ensure_ascii=False))
    except Exception as e:
        print(json.dumps(["ERR", type(e).__name__]))
"#;
    let input: String = cases.iter().map(|s| format!("{}\n", json(s))).collect();
    let out = python(script, &input);
    let mut mismatches = Vec::new();
    let mut accepted = 0;
    for (case, line) in cases.iter().zip(out.lines()) {
        let ours = match parse_borg_repository(case) {
            Err(e) if e.code == "borg-repo-archive" => "archive".to_string(),
            Err(_) => "[\"ERR\", \"ValueError\"]".to_string(),
            Ok(r) => {
                accepted += 1;
                borg_location_tuple(&r.location)
            }
        };
        let borg = if !line.starts_with("[\"ERR\"") && !line.ends_with("null]") {
            "archive".to_string()
        } else {
            line.to_string()
        };
        if ours != borg {
            mismatches.push(format!("{case:?}: borg {line}, backix {ours}"));
        }
    }
    assert!(accepted > 500, "{accepted} accepted");
    assert_no_mismatches(&mismatches);
}

/// How borg's own parser prints a location: `[proto, user, host, port, path, archive]`.
fn borg_location_tuple(location: &BorgLocation) -> String {
    match location {
        BorgLocation::Local { path, .. } => {
            format!("[\"file\", null, null, null, {}, null]", json(path))
        }
        BorgLocation::Ssh {
            user,
            host,
            port,
            path,
            ..
        } => format!(
            "[\"ssh\", {}, {}, {}, {}, null]",
            user.as_deref().map_or("null".to_string(), json),
            json(host),
            port.map_or("null".to_string(), |p| p.to_string()),
            json(&normpath_special(path))
        ),
    }
}
