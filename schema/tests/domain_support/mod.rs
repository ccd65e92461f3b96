//! Shared by the `domain_*` tests: the real tools as oracles (borg 1.2, restic 0.14, and the
//! Python that runs borg), in throw-away directories, called in parallel.
//!
//! A missing tool fails the test with a pointer to `scripts/setup`, which installs them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Finds `tool` on PATH, or fails the test.
pub fn require(tool: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(tool);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "`{tool}` is not installed, but these tests use it as the reference; \
         run scripts/setup to install the tools backix is tested against"
    );
}

/// A borg 1.2 sandbox: its own BORG_BASE_DIR, an unencrypted repository, and a small file tree.
pub struct BorgEnv {
    /// The sandbox root.
    pub root: PathBuf,
    /// The repository.
    pub repo: PathBuf,
    /// A directory with a few files, to give `borg create` something to read.
    pub src: PathBuf,
}

static BORG_ENV: OnceLock<BorgEnv> = OnceLock::new();

/// The sandbox, created (with `borg init -e none`) on first use.
pub fn borg_env() -> &'static BorgEnv {
    BORG_ENV.get_or_init(|| {
        let borg = require("borg");
        let version = Command::new(&borg)
            .arg("--version")
            .output()
            .expect("run borg");
        let version = String::from_utf8_lossy(&version.stdout).to_string();
        assert!(
            version.starts_with("borg 1.2."),
            "these tests expect borg 1.2 (scripts/setup installs it), found {version:?}"
        );
        let root = sandbox_dir();
        let src = root.join("src");
        for d in ["home/susan/.cache", "home/bob/junk", "etc", "var/tmp"] {
            std::fs::create_dir_all(src.join(d)).expect("mkdir");
        }
        for f in [
            "home/susan/a.txt",
            "home/susan/b.o",
            "home/susan/.cache/c",
            "home/bob/b.odt",
            "home/bob/junk/j",
            "etc/passwd",
            "var/tmp/t.tmp",
        ] {
            std::fs::write(src.join(f), b"data\n").expect("write");
        }
        let repo = root.join("repo");
        let env = BorgEnv { root, repo, src };
        let out = env.borg(&["init", "-e", "none"], None);
        assert!(
            out.status.success(),
            "borg init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        env
    })
}

/// A fresh directory for this test process under cargo's temporary directory. A static value is
/// never dropped, so instead of a `TempDir` the sandboxes of earlier, finished runs are removed
/// here.
fn sandbox_dir() -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("domain-oracles");
    let exe = std::env::current_exe().expect("current exe");
    let name = exe
        .file_stem()
        .map_or("test".into(), |s| s.to_string_lossy().to_string());
    if let Ok(entries) = std::fs::read_dir(&base) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().to_string();
            let pid = file_name
                .strip_prefix(&format!("{name}-"))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid
                && !Path::new(&format!("/proc/{pid}")).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = base.join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the sandbox");
    dir
}

impl BorgEnv {
    /// A borg command with the sandbox's environment.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(require("borg"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.root)
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("BORG_BASE_DIR", self.root.join("base"))
            .env("BORG_REPO", &self.repo)
            .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
            .env("BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes")
            .stdin(Stdio::null())
            .current_dir(&self.src);
        cmd
    }

    /// Runs borg with `args` (in `cwd`, else in the source tree).
    pub fn borg(&self, args: &[&str], cwd: Option<&Path>) -> Output {
        let mut cmd = self.command();
        cmd.args(args);
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        cmd.output().expect("run borg")
    }

    /// Writes a file in the sandbox under a fresh name and returns its path.
    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = self.root.join(format!("{name}-{n}"));
        std::fs::write(&path, content).expect("write");
        path
    }
}

/// The Python interpreter that runs borg (from borg's `#!` line), to use borg's own modules.
pub fn borg_python() -> PathBuf {
    let borg = require("borg");
    let text = std::fs::read_to_string(&borg).expect("read the borg script");
    let first = text.lines().next().unwrap_or("");
    let interp = first
        .strip_prefix("#!")
        .map(str::trim)
        .unwrap_or_else(|| panic!("borg at {} is not a Python script", borg.display()));
    let mut parts = interp.split_whitespace();
    let prog = parts.next().expect("interpreter");
    if prog.ends_with("/env") {
        require(parts.next().expect("env argument"))
    } else {
        PathBuf::from(prog)
    }
}

/// Runs `python -c script` with `input` on stdin; returns stdout (fails the test on errors).
pub fn python(script: &str, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(borg_python())
        .arg("-c")
        .arg(script)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONWARNINGS", "ignore")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("python");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Runs a command, killing it after `limit`; `None` if it had to be killed.
pub fn run_with_timeout(mut cmd: Command, limit: Duration) -> Option<Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `f` over `items` on a few threads, results in order.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(&items[i]);
                    *results[i].lock().expect("lock") = Some(r);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().expect("lock").expect("computed"))
        .collect()
}

/// Both output streams as text.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The last non-empty line of a text (borg's exception message after a traceback).
pub fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Fails the test listing every case where backix and the reference tool disagree.
pub fn assert_no_mismatches(mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
