//! `backix diff`: files, directories and git revisions; summaries, warnings, exit codes, JSON.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A job's options with sensible values; each test overrides what it compares.
const BASE: &str = r#"
    paths = [ "/home" "/var/lib" ];
    repo = "/srv/borg/main";
    encryption.mode = "repokey";
    encryption.passCommand = "cat /run/keys/borg";
    startAt = "daily";
    prune.keep = { daily = 7; weekly = 4; };
"#;

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn backix(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .arg("diff")
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("backix runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8(out.stdout).expect("UTF-8 output"),
        err: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

/// A Nix file defining borg jobs, each `(name, options)`.
fn config(jobs: &[(&str, &str)]) -> String {
    let mut s = String::from("{ config, ... }: {\n");
    for (name, body) in jobs {
        s.push_str(&format!(
            "  services.borgbackup.jobs.{name} = {{{body}  }};\n"
        ));
    }
    s.push_str("}\n");
    s
}

/// BASE with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from} is not in BASE");
    BASE.replace(from, to)
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Diffs two one-job files (`old.nix`, `new.nix`).
fn diff_jobs(old: &str, new: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.nix", &config(&[("main", old)]));
    write(dir.path(), "new.nix", &config(&[("main", new)]));
    let mut args = vec!["old.nix", "new.nix"];
    args.extend(extra);
    backix(dir.path(), &args)
}

fn warnings(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("warning: ")).collect()
}

#[test]
fn files_summarize_each_change_on_one_line() {
    let new = edit(r#"startAt = "daily""#, r#"startAt = "hourly""#)
        .replace("daily = 7", "daily = 3")
        .replace(r#""/var/lib" "#, "");
    let r = diff_jobs(BASE, &new, &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    let first = r.out.lines().next().unwrap();
    assert_eq!(
        first,
        "job main: schedule daily → hourly, retention shortened (daily 7 → 3), 1 path dropped (/var/lib)"
    );
    assert_eq!(
        warnings(&r.out),
        vec![
            "warning: job main: retention shortened (daily 7 → 3)",
            "warning: job main: 1 path dropped (/var/lib)",
        ]
    );
    assert!(
        r.out
            .contains("--- old new.nix main\n+++ new new.nix main\n")
    );
    assert!(r.out.contains("\n-      \"daily\"\n+      \"hourly\"\n"));
    assert!(
        r.out
            .ends_with("1 job changed, 0 added, 0 removed; 2 warnings\n")
    );
    assert!(r.err.is_empty(), "{}", r.err);
}

#[test]
fn no_change_exits_0_without_output_even_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let body = edit(
        r#"encryption.passCommand = "cat /run/keys/borg";"#,
        r#"encryption.passphrase = "correct horse";"#,
    );
    let text = config(&[("main", &body)]);
    write(dir.path(), "old/a.nix", &text);
    write(dir.path(), "new/a.nix", &format!("# moved down\n\n{text}"));
    let r = backix(dir.path(), &["old", "new"]);
    assert_eq!((r.code, r.out.as_str(), r.err.as_str()), (0, "", ""));
    let r = backix(dir.path(), &["old/a.nix", "new/a.nix", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["changed"], false);
    assert_eq!(v["jobs"], Value::Array(vec![]));
}

#[test]
fn directories_match_jobs_by_file_and_name_and_report_added_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "old/hosts/a.nix",
        &config(&[("main", BASE), ("gone", BASE)]),
    );
    write(d, "old/hosts/b.nix", &config(&[("main", BASE)]));
    write(
        d,
        "new/hosts/a.nix",
        &config(&[("main", BASE), ("fresh", BASE)]),
    );
    write(
        d,
        "new/hosts/b.nix",
        &config(&[("main", &edit("weekly = 4", "weekly = 8"))]),
    );
    // Relative path values follow their directory: not a change.
    write(d, "old/hosts/data/x", "");
    write(d, "new/hosts/data/x", "");
    let r = backix(d, &["old", "new", "--no-patch"]);
    assert_eq!(r.code, 1, "{}", r.err);
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(
        lines,
        vec![
            "job fresh (hosts/a.nix) added",
            "job gone (hosts/a.nix) removed",
            "warning: job gone (hosts/a.nix): job removed (its archives stay in /srv/borg/main)",
            "job main (hosts/b.nix): retention lengthened (weekly 4 → 8)",
            "1 job changed, 1 added, 1 removed; 1 warning",
        ]
    );
    // --path (or paths after --) narrows both directories to one file.
    for args in [
        &["old", "new", "--no-patch", "--path", "hosts/b.nix"][..],
        &["old", "new", "--no-patch", "--", "hosts/b.nix"],
    ] {
        let r = backix(d, args);
        assert_eq!(
            r.out,
            "job main: retention lengthened (weekly 4 → 8)\n\
             1 job changed, 0 added, 0 removed; 0 warnings\n",
            "{args:?}"
        );
    }
}

#[test]
fn relative_paths_in_values_do_not_differ_between_directories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let body = edit(r#"[ "/home" "/var/lib" ]"#, "[ ./data ]");
    for side in ["old", "new"] {
        write(d, &format!("{side}/a.nix"), &config(&[("main", &body)]));
        write(d, &format!("{side}/data/x"), "");
    }
    let r = backix(d, &["old", "new"]);
    assert_eq!((r.code, r.out.as_str()), (0, ""), "{}", r.err);
}

#[test]
fn every_risky_change_is_warned_about() {
    let cases: &[(&str, String, &str)] = &[
        (
            "retention shortened",
            edit("weekly = 4;", ""),
            "retention shortened (weekly 4 → none)",
        ),
        (
            "retention removed",
            edit("prune.keep = { daily = 7; weekly = 4; };", ""),
            "retention removed (was daily 7, weekly 4): prune no longer runs",
        ),
        (
            "path dropped",
            edit(r#"[ "/home" "/var/lib" ]"#, r#"[ "/var/lib" ]"#),
            "1 path dropped (/home)",
        ),
        (
            "encryption mode",
            edit(r#"mode = "repokey""#, r#"mode = "repokey-blake2""#),
            "encryption mode repokey → repokey-blake2: the repository must be created again",
        ),
        (
            "passCommand removed",
            edit(r#"encryption.passCommand = "cat /run/keys/borg";"#, ""),
            "passCommand removed: nothing unlocks the repository any more",
        ),
        (
            "repo changed",
            edit("/srv/borg/main", "/mnt/usb/borg"),
            "repository /srv/borg/main → /mnt/usb/borg: new archives go elsewhere",
        ),
        (
            "timer removed",
            edit(r#"startAt = "daily";"#, "startAt = [ ];"),
            "timer removed (was daily): the job no longer runs by itself",
        ),
    ];
    for (what, new, expected) in cases {
        let r = diff_jobs(BASE, new, &["--no-patch"]);
        assert_eq!(r.code, 1, "{what}: {}", r.err);
        assert_eq!(
            warnings(&r.out),
            vec![format!("warning: job main: {expected}")],
            "{what}"
        );
    }
    // A job removed, and adding pruning where there was none, are warned about too.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "old.nix",
        &config(&[("main", BASE), ("b", BASE)]),
    );
    write(dir.path(), "new.nix", &config(&[("main", BASE)]));
    let r = backix(dir.path(), &["old.nix", "new.nix"]);
    assert_eq!(
        warnings(&r.out),
        vec!["warning: job b: job removed (its archives stay in /srv/borg/main)"]
    );
    let no_prune = edit("prune.keep = { daily = 7; weekly = 4; };", "");
    let r = diff_jobs(&no_prune, BASE, &[]);
    assert_eq!(
        warnings(&r.out),
        vec![
            "warning: job main: retention added (daily 7, weekly 4): the next prune deletes what it does not keep"
        ]
    );
}

#[test]
fn safe_changes_are_reported_without_warnings() {
    let cases: &[(String, &str)] = &[
        (
            edit("daily = 7", "daily = 14"),
            "job main: retention lengthened (daily 7 → 14)",
        ),
        (
            edit(
                r#"[ "/home" "/var/lib" ]"#,
                r#"[ "/home" "/var/lib" "/srv" ]"#,
            ),
            "job main: 1 path added (/srv)",
        ),
        (
            edit(r#""cat /run/keys/borg""#, r#""cat /run/keys/borg2""#),
            "job main: passCommand cat /run/keys/borg → cat /run/keys/borg2",
        ),
        (
            format!("{BASE} compression = \"zstd,3\"; preHook = \"true\";"),
            "job main: 2 other changes (compression, preHook)",
        ),
    ];
    for (new, expected) in cases {
        let r = diff_jobs(BASE, new, &["--no-patch"]);
        assert_eq!(r.code, 1, "{}", r.err);
        assert_eq!(r.out.lines().next(), Some(*expected));
        assert!(warnings(&r.out).is_empty(), "{}", r.out);
    }
}

#[test]
fn a_changed_literal_passphrase_is_reported_without_its_values() {
    let old = edit(
        r#"encryption.passCommand = "cat /run/keys/borg";"#,
        r#"encryption.passphrase = "old-Secret-1"; environment.BORG_RSH = "ssh"; environment.API_TOKEN = "tok-OLD-9";"#,
    );
    let new = old
        .replace("old-Secret-1", "new-Secret-2")
        .replace("tok-OLD-9", "tok-NEW-8");
    for format in ["text", "json"] {
        let r = diff_jobs(&old, &new, &["--format", format]);
        assert_eq!(r.code, 1, "{}", r.err);
        for secret in ["old-Secret-1", "new-Secret-2", "tok-OLD-9", "tok-NEW-8"] {
            assert!(
                !r.out.contains(secret),
                "{format} shows {secret}:\n{}",
                r.out
            );
            assert!(
                !r.err.contains(secret),
                "{format} shows {secret}:\n{}",
                r.err
            );
        }
        assert!(r.out.contains("passphrase changed"), "{}", r.out);
        assert!(
            r.out.contains("secret environment.API_TOKEN changed"),
            "{}",
            r.out
        );
    }
    let r = diff_jobs(&old, &new, &[]);
    assert_eq!(
        r.out.lines().next(),
        Some("job main: passphrase changed, secret environment.API_TOKEN changed")
    );
    // Removing the passphrase with nothing else to unlock the repository is risky.
    let none = old.replace(r#"encryption.passphrase = "old-Secret-1";"#, "");
    let r = diff_jobs(&old, &none, &[]);
    assert!(
        warnings(&r.out).contains(
            &"warning: job main: passphrase removed: nothing unlocks the repository any more"
        ),
        "{}",
        r.out
    );
    assert!(!r.out.contains("old-Secret-1"));
}

#[test]
fn json_lists_each_change_with_its_values() {
    let new = edit("daily = 7", "daily = 3").replace("/srv/borg/main", "/srv/borg/other");
    let r = diff_jobs(BASE, &new, &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.err);
    let v: Value = serde_json::from_str(&r.out).expect("JSON");
    assert_eq!(v["changed"], true);
    assert_eq!(
        (v["old"].as_str(), v["new"].as_str()),
        (Some("old.nix"), Some("new.nix"))
    );
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    assert_eq!(
        (&job["name"], &job["kind"], &job["status"], &job["system"]),
        (
            &Value::from("main"),
            &Value::from("borgbackup"),
            &Value::from("changed"),
            &Value::from("new.nix")
        )
    );
    let changes = job["changes"].as_array().unwrap();
    let retention = changes.iter().find(|c| c["aspect"] == "retention").unwrap();
    assert_eq!(retention["option"], "prune.keep");
    assert_eq!(retention["risky"], true);
    assert_eq!(retention["old"]["daily"], "7");
    assert_eq!(retention["new"]["daily"], "3");
    let repo = changes
        .iter()
        .find(|c| c["aspect"] == "repository")
        .unwrap();
    assert_eq!(
        (&repo["old"], &repo["new"]),
        (
            &Value::from("/srv/borg/main"),
            &Value::from("/srv/borg/other")
        )
    );
    let patch = job["patch"].as_str().unwrap();
    assert!(
        patch.contains("\n-    \"repo\": \"/srv/borg/main\",\n"),
        "{patch}"
    );
    let r = diff_jobs(BASE, &new, &["--format", "json", "--no-patch"]);
    let v: Value = serde_json::from_str(&r.out).expect("JSON");
    assert!(v["jobs"][0].get("patch").is_none());
}

#[test]
fn colours_follow_the_color_option() {
    let new = edit("daily = 7", "daily = 3");
    let always = diff_jobs(BASE, &new, &["--color", "always"]);
    assert!(
        always
            .out
            .contains("\x1b[31m-        \"daily\": \"7\",\x1b[0m")
    );
    assert!(
        always
            .out
            .contains("\x1b[32m+        \"daily\": \"3\",\x1b[0m")
    );
    assert!(always.out.contains("\x1b[1;33mwarning\x1b[0m: job main"));
    for args in [&["--color", "never"][..], &[][..]] {
        let plain = diff_jobs(BASE, &new, args);
        assert!(!plain.out.contains('\x1b'), "{args:?}");
        assert!(plain.out.contains("\n-        \"daily\": \"7\",\n"));
    }
}

#[test]
fn usage_and_input_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.nix", &config(&[("main", BASE)]));
    for args in [
        &["a.nix", "missing.nix"][..],
        &["a.nix", "a.nix", "--set", "no-equals-sign"],
        &["a.nix", "a.nix", "--path", "x"],
        &["HEAD", "a.nix"],
    ] {
        let r = backix(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.out);
        assert!(r.err.starts_with("error: "), "{args:?}: {}", r.err);
        assert!(r.out.is_empty());
    }
    let r = backix(dir.path(), &["a.nix", "missing.nix"]);
    assert!(
        r.err
            .contains("`missing.nix` is neither a file, a directory nor a git revision")
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=backix",
            "-c",
            "user.email=backix@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git is required for this test (run scripts/setup): {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_revisions_are_compared_from_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let body = edit(r#"[ "/home" "/var/lib" ]"#, r#"[ "/home" ./data ]"#);
    write(repo, "hosts/a.nix", &config(&[("main", &body)]));
    write(repo, "hosts/data/x", "");
    write(repo, "other/b.nix", &config(&[("elsewhere", BASE)]));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "one"]);
    let changed = body.replace(r#"startAt = "daily""#, r#"startAt = "weekly""#);
    write(repo, "hosts/a.nix", &config(&[("main", &changed)]));
    write(repo, "other/b.nix", &config(&[]));
    git(repo, &["commit", "-q", "-a", "-m", "two"]);

    // At the top level: both files.
    let r = backix(repo, &["HEAD~1", "HEAD", "--no-patch"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert_eq!(
        r.out.lines().collect::<Vec<_>>(),
        vec![
            "job main (hosts/a.nix): schedule daily → weekly",
            "job elsewhere (other/b.nix) removed",
            "warning: job elsewhere (other/b.nix): job removed (its archives stay in /srv/borg/main)",
            "1 job changed, 0 added, 1 removed; 1 warning",
        ]
    );
    // In a subdirectory: only what is below it; `--path` and `--` narrow further.
    let hosts = repo.join("hosts");
    let r = backix(&hosts, &["HEAD~1", "HEAD", "--no-patch"]);
    assert_eq!(
        r.out,
        "job main: schedule daily → weekly\n1 job changed, 0 added, 0 removed; 0 warnings\n"
    );
    let r = backix(repo, &["HEAD~1", "HEAD", "--no-patch", "--path", "other"]);
    assert!(r.out.starts_with("job elsewhere removed\n"), "{}", r.out);
    let r = backix(repo, &["HEAD~1", "HEAD", "--no-patch", "--", "hosts/a.nix"]);
    assert!(r.out.starts_with("job main: schedule"), "{}", r.out);
    // A revision against the working tree, with a relative path value: no change.
    let r = backix(&hosts, &["HEAD", "."]);
    assert_eq!((r.code, r.out.as_str()), (0, ""), "{}", r.err);
    let r = backix(&hosts, &["HEAD~1", "."]);
    assert_eq!(r.code, 1);
    // A path missing from a revision is an error.
    let r = backix(repo, &["HEAD~1", "HEAD", "--path", "nowhere"]);
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("nowhere does not exist in `HEAD~1`"),
        "{}",
        r.err
    );
}

/// A file with one restic backup.
fn restic(body: &str) -> String {
    format!("{{ config, ... }}: {{\n  services.restic.backups.remote = {{{body}  }};\n}}\n")
}

const RESTIC: &str = r#"
    paths = [ "/home" "/srv" ];
    repository = "sftp:backup@host:/restic";
    passwordFile = "/run/keys/restic";
    timerConfig = { OnCalendar = "daily"; Persistent = true; };
    pruneOpts = [ "--keep-daily 7" "--keep-weekly 4" ];
"#;

#[test]
fn restic_backups_are_compared_by_the_same_aspects() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "old.nix", &restic(RESTIC));
    let edited = RESTIC
        .replace(r#"OnCalendar = "daily""#, r#"OnCalendar = "hourly""#)
        .replace("--keep-daily 7", "--keep-daily=2")
        .replace(r#" "/srv""#, "");
    write(d, "new.nix", &restic(&edited));
    let r = backix(d, &["old.nix", "new.nix", "--no-patch"]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert_eq!(
        r.out.lines().collect::<Vec<_>>(),
        vec![
            "job remote: schedule daily → hourly, retention shortened (daily 7 → 2), 1 path dropped (/srv)",
            "warning: job remote: retention shortened (daily 7 → 2)",
            "warning: job remote: 1 path dropped (/srv)",
            "1 job changed, 0 added, 0 removed; 2 warnings",
        ]
    );
    let removed = RESTIC
        .replace(
            r#"timerConfig = { OnCalendar = "daily"; Persistent = true; };"#,
            "timerConfig = null;",
        )
        .replace("sftp:backup@host:/restic", "/mnt/restic");
    write(d, "new.nix", &restic(&removed));
    let r = backix(d, &["old.nix", "new.nix", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.out).expect("JSON");
    let job = &v["jobs"][0];
    assert_eq!(job["kind"], "restic");
    let risky: Vec<(&str, &str)> = job["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["risky"] == true)
        .map(|c| (c["aspect"].as_str().unwrap(), c["option"].as_str().unwrap()))
        .collect();
    assert_eq!(
        risky,
        vec![("timer", "timerConfig"), ("repository", "repository")]
    );
}
