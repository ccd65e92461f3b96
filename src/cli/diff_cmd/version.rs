//! The two versions `backix diff` compares: a file, a directory, or a git revision exported
//! into a temporary directory with `git archive`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One version of the configuration, ready to load.
pub struct Version {
    /// The argument as given.
    pub arg: String,
    /// The paths handed to the Nix loader.
    pub load: Vec<PathBuf>,
    /// The prefix removed from system names so both versions name a system alike.
    pub key_base: PathBuf,
    /// The real directory standing for the compared directory (rewritten in values).
    pub from: String,
    /// The directory it stands for (what `from` is rewritten to).
    pub shown: String,
    /// The exported tree of a revision, removed when dropped.
    _export: Option<tempfile::TempDir>,
}

impl Version {
    /// Resolves an argument: an existing path, else a git revision of the repository of the
    /// current directory. `paths` (relative to the directory, or for a revision to the current
    /// directory's place in the repository) restrict what is read.
    pub fn resolve(arg: &str, paths: &[PathBuf]) -> Result<Version, String> {
        let path = Path::new(arg);
        if path.exists() {
            return from_path(arg, path, paths);
        }
        if !is_revision(arg) {
            return Err(format!(
                "`{arg}` is neither a file, a directory nor a git revision of the repository here"
            ));
        }
        from_revision(arg, paths)
    }

    /// The system name used for matching: relative to the compared directory (empty for a
    /// single file); other names (flake outputs) as they are.
    pub fn system_key(&self, system: &str) -> String {
        match Path::new(system).strip_prefix(&self.key_base) {
            Ok(rest) => rest.to_string_lossy().into_owned(),
            Err(_) => system.to_string(),
        }
    }
}

fn canonical(p: &Path) -> Result<PathBuf, String> {
    p.canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn from_path(arg: &str, path: &Path, paths: &[PathBuf]) -> Result<Version, String> {
    let dir = path.is_dir();
    if !dir && !paths.is_empty() {
        return Err(format!(
            "`{arg}` is a file: --path selects files inside directories and revisions"
        ));
    }
    let load = select(path, paths, arg)?;
    let real = canonical(path)?;
    let base = if dir {
        real
    } else {
        real.parent().map(Path::to_path_buf).unwrap_or(real)
    };
    let base = base.to_string_lossy().into_owned();
    Ok(Version {
        arg: arg.to_string(),
        load,
        key_base: path.to_path_buf(),
        from: base.clone(),
        shown: base,
        _export: None,
    })
}

/// `base` itself, or each of `paths` below it (each must exist).
fn select(base: &Path, paths: &[PathBuf], arg: &str) -> Result<Vec<PathBuf>, String> {
    if paths.is_empty() {
        return Ok(vec![base.to_path_buf()]);
    }
    paths
        .iter()
        .map(|p| {
            let full = base.join(p);
            if full.exists() {
                Ok(full)
            } else {
                Err(format!("{} does not exist in `{arg}`", p.display()))
            }
        })
        .collect()
}

fn git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git {}: {}", args.join(" "), err.trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string())
}

fn is_revision(arg: &str) -> bool {
    !arg.starts_with('-')
        && git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{arg}^{{commit}}"),
        ])
        .is_ok()
}

fn from_revision(arg: &str, paths: &[PathBuf]) -> Result<Version, String> {
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{arg}^{{commit}}"),
    ])?;
    let toplevel = git(&["rev-parse", "--show-toplevel"])?;
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    let export = tempfile::Builder::new()
        .prefix("backix-diff-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    archive(&toplevel, &commit, export.path())
        .map_err(|e| format!("cannot export revision `{arg}`: {e}"))?;
    let root = canonical(export.path())?;
    let base = root.join(&prefix);
    if !base.is_dir() {
        return Err(format!(
            "{} does not exist in revision `{arg}`",
            if prefix.is_empty() { "." } else { &prefix }
        ));
    }
    let load = select(&base, paths, arg)?;
    let from = base.to_string_lossy().trim_end_matches('/').to_string();
    let shown = Path::new(&toplevel)
        .join(&prefix)
        .to_string_lossy()
        .trim_end_matches('/')
        .to_string();
    Ok(Version {
        arg: arg.to_string(),
        load,
        key_base: base,
        from,
        shown,
        _export: Some(export),
    })
}

/// `git -C TOPLEVEL archive COMMIT | tar -x -C DIR` (from the top level, since in a
/// subdirectory git archives only that subdirectory).
fn archive(toplevel: &str, commit: &str, dir: &Path) -> Result<(), String> {
    let mut git = Command::new("git")
        .arg("-C")
        .arg(toplevel)
        .args(["archive", "--format=tar", commit])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let stdout = git.stdout.take().ok_or("no output from git archive")?;
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir)
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    let git = git
        .wait_with_output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !git.status.success() {
        return Err(format!(
            "git archive: {}",
            String::from_utf8_lossy(&git.stderr).trim()
        ));
    }
    if !tar.status.success() {
        return Err(format!(
            "tar: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        ));
    }
    Ok(())
}
