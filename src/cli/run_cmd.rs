//! `backix run`: runs one job's script as its unit would, without systemd.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use backix_emit::manifest::{self, BuiltJob, Job, Manifest, Mode, Part, Rendered, Secrets, Text};
use clap::Args;

use super::emit_cmd::{ResolveArgs, load};
use super::{EXIT_FINDINGS, EXIT_USAGE};

mod borgmatic_run;

/// Arguments of `backix run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// A manifest (JSON, from `backix emit`) or Nix files and directories to read.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The job to run (needed when there are several).
    #[arg(long)]
    job: Option<String>,
    /// Print the commands the job would run instead of running them (hooks are not run).
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    resolve: ResolveArgs,
}

/// Runs `backix run`.
pub fn run(args: RunArgs) -> u8 {
    let bindings = match args.resolve.bindings() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let jobs = match read_manifest(&args.paths) {
        Some(Ok(m)) => m
            .jobs
            .into_iter()
            .map(|job| BuiltJob {
                job,
                secrets: Secrets::new(),
            })
            .collect(),
        Some(Err(code)) => return code,
        None => match load(&args.paths, &bindings) {
            Ok(j) => j,
            Err(code) => return code,
        },
    };
    let BuiltJob {
        mut job, secrets, ..
    } = match select(jobs, args.job.as_deref()) {
        Ok(j) => j,
        Err(msg) => {
            eprintln!("error: {msg}");
            return EXIT_USAGE;
        }
    };
    if let manifest::JobSpec::Borgmatic(entry) = &job.spec {
        let rendered = match borgmatic_run::rendered(&job, entry, args.dry_run) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("error: {msg}");
                return EXIT_USAGE;
            }
        };
        job.rendered = Some(rendered);
    } else {
        let mode = if args.dry_run {
            Mode::DryRun
        } else {
            Mode::Run
        };
        manifest::finish(&mut job, &bindings, &secrets, mode);
    }
    if !job.blocked.is_empty() {
        eprintln!("error: job {} cannot be run:", job.name);
        for b in &job.blocked {
            eprintln!("  {b}");
        }
        return EXIT_USAGE;
    }
    let Some(rendered) = job.rendered.clone() else {
        eprintln!("error: job {} could not be rendered", job.name);
        return EXIT_USAGE;
    };
    if let Err(msg) = check_resolved(&job, &rendered) {
        eprintln!("{msg}");
        return EXIT_USAGE;
    }
    match execute(&job, &rendered, args.dry_run) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            EXIT_USAGE
        }
    }
}

/// The manifest at `paths`, when it is one JSON file; `None` for Nix input.
fn read_manifest(paths: &[PathBuf]) -> Option<Result<Manifest, u8>> {
    let [path] = paths else { return None };
    if path.is_dir() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let is_json = path.extension().is_some_and(|e| e == "json")
        || serde_json::from_slice::<serde_json::Value>(&bytes).is_ok();
    if !is_json {
        return None;
    }
    Some(
        serde_json::from_slice::<Manifest>(&bytes)
            .map_err(|e| {
                eprintln!("error: {}: not a backix manifest: {e}", path.display());
                EXIT_USAGE
            })
            .and_then(|m| {
                if m.version == manifest::MANIFEST_VERSION {
                    Ok(m)
                } else {
                    eprintln!(
                        "error: {}: manifest version {} (this backix reads version {})",
                        path.display(),
                        m.version,
                        manifest::MANIFEST_VERSION
                    );
                    Err(EXIT_USAGE)
                }
            }),
    )
}

fn select(jobs: Vec<BuiltJob>, name: Option<&str>) -> Result<BuiltJob, String> {
    let names: Vec<String> = jobs.iter().map(|j| j.job.name.clone()).collect();
    let mut matching: Vec<BuiltJob> = match name {
        Some(n) => jobs.into_iter().filter(|j| j.job.name == n).collect(),
        None => jobs,
    };
    match (matching.len(), name) {
        (1, _) => Ok(matching.remove(0)),
        (0, None) => Err("no backup job found in the input".into()),
        (0, Some(n)) => Err(format!(
            "no job named {n:?}; the jobs are: {}",
            names.join(", ")
        )),
        (_, None) => Err(format!(
            "several jobs; choose one with --job NAME: {}",
            names.join(", ")
        )),
        (_, Some(n)) => Err(format!(
            "several systems define a job named {n:?}: {}",
            matching
                .iter()
                .map(|j| j.job.system.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Fails with a message naming every reference the run needs and how to supply it.
fn check_resolved(job: &Job, r: &Rendered) -> Result<(), String> {
    let mut texts: Vec<&Text> = vec![&r.script];
    texts.extend(r.environment.values());
    texts.extend(r.files.iter().map(|f| &f.contents));
    let missing = manifest::missing_references(job, texts);
    if missing.is_empty() {
        return Ok(());
    }
    let mut msg = format!(
        "error: job {} needs values that static analysis left unknown:",
        job.name
    );
    for line in missing {
        msg.push_str(&format!("\n  {line}"));
    }
    Err(msg)
}

fn known(t: &Text) -> String {
    t.known().unwrap_or_else(|| t.display())
}

/// Whether `program` is an executable on PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(program);
            std::fs::metadata(&p).is_ok_and(|m| {
                use std::os::unix::fs::PermissionsExt;
                m.is_file() && m.permissions().mode() & 0o111 != 0
            })
        })
    })
}

fn write_files(dir: &Path, r: &Rendered) -> Result<PathBuf, String> {
    for f in &r.files {
        std::fs::write(dir.join(&f.name), known(&f.contents).as_bytes())
            .map_err(|e| format!("writing {}: {e}", f.name))?;
    }
    let script = dir.join("script");
    std::fs::write(&script, known(&r.script)).map_err(|e| format!("writing the script: {e}"))?;
    Ok(script)
}

fn execute(job: &Job, r: &Rendered, dry_run: bool) -> Result<u8, String> {
    let dir = tempfile::Builder::new()
        .prefix(&format!("backix-{}-", r.unit))
        .tempdir()
        .map_err(|e| format!("creating a temporary directory: {e}"))?;
    let script = write_files(dir.path(), r)?;
    if !on_path("bash") {
        return Err("bash not found on PATH; the job's script needs it".into());
    }
    let mut cmd = Command::new("bash");
    cmd.arg(&script);
    for (k, v) in &r.environment {
        cmd.env(k, known(v));
    }
    cmd.env("BACKIX_JOB_FILES", dir.path());
    let unit_dirs = unit_directories(dir.path(), r)?;
    cmd.envs(unit_dirs.iter().cloned());
    if dry_run {
        println!("# job {} ({}), environment:", job.name, r.unit);
        for (k, v) in &r.environment {
            let shown = match v {
                Text::Parts(parts) if parts.iter().any(is_secret) => {
                    "<secret, from the configuration>".to_string()
                }
                _ if manifest::borg::options::secret_env_name(k)
                    || backix_schema::lints::support::is_secret_name(k) =>
                {
                    "<secret>".to_string()
                }
                v => known(v),
            };
            println!("#   {k}={shown}");
        }
        if !r.service.exec_prefix.is_empty() {
            let words: Vec<String> = r
                .service
                .exec_prefix
                .iter()
                .map(|w| manifest::borg::render::quote(w))
                .collect();
            println!("# the unit runs the script under: {}", words.join(" "));
        }
        for f in &r.files {
            println!(
                "# {}/{} contains:\n{}",
                dir.path().display(),
                f.name,
                known(&f.contents)
                    .lines()
                    .map(|l| format!("#   {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        std::io::stdout().flush().ok();
        let status = cmd.status().map_err(|e| format!("running bash: {e}"))?;
        return Ok(exit_code(status));
    }
    let program = job_program(job);
    if !on_path(&program) {
        return Err(format!(
            "{program} not found on PATH: install it (on NixOS the unit's PATH provides it)"
        ));
    }
    if !r.service.exec_prefix.is_empty() {
        if on_path("systemd-inhibit") && Path::new("/run/systemd/system").is_dir() {
            let mut wrapped = Command::new(&r.service.exec_prefix[0]);
            wrapped
                .args(&r.service.exec_prefix[1..])
                .arg("bash")
                .arg(&script);
            for (k, v) in &r.environment {
                wrapped.env(k, known(v));
            }
            wrapped.env("BACKIX_JOB_FILES", dir.path());
            wrapped.envs(unit_dirs.iter().cloned());
            cmd = wrapped;
        } else {
            eprintln!(
                "backix: note: not inhibiting sleep (systemd-inhibit needs a running systemd)"
            );
        }
    }
    if let Some(user) = r.service.user.known()
        && let Some(me) = current_user()
        && user != me
    {
        eprintln!(
            "backix: note: the unit runs as {user}; this run is as {me}, without the unit's sandbox"
        );
    }
    cmd.stdin(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("starting the job's script: {e}"))?;
    let mut stderr = child.stderr.take().ok_or("no stderr pipe")?;
    // Pass borg's messages through as they come, and remember them to explain failures.
    let relay = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        let mut out = std::io::stderr();
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.write_all(&buf[..n]).ok();
            out.flush().ok();
            if seen.len() < (1 << 20) {
                seen.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the job: {e}"))?;
    let seen = relay.join().unwrap_or_default();
    let code = exit_code(status);
    if code != 0 {
        explain_failure(job, &seen, code);
    }
    Ok(code)
}

/// Stand-ins for the directories systemd creates for the unit (`RuntimeDirectory=`,
/// `CacheDirectory=`): fresh directories below `dir`, named to the job by the variables systemd
/// sets.
fn unit_directories(dir: &Path, r: &Rendered) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    for (setting, var, sub) in [
        ("Service.RuntimeDirectory", "RUNTIME_DIRECTORY", "run"),
        ("Service.CacheDirectory", "CACHE_DIRECTORY", "cache"),
    ] {
        if r.service.settings.contains_key(setting) {
            let path = dir.join(sub);
            std::fs::create_dir(&path).map_err(|e| format!("creating {}: {e}", path.display()))?;
            out.push((var.to_string(), path));
        }
    }
    Ok(out)
}

fn is_secret(p: &Part) -> bool {
    matches!(p, Part::Ref(r) if r.secret)
}

fn job_program(job: &Job) -> String {
    match &job.spec {
        manifest::JobSpec::Borgbackup(_) => "borg".into(),
        manifest::JobSpec::Restic(o) => known(&o.package),
        manifest::JobSpec::Borgmatic(_) => "borgmatic".into(),
    }
}

fn current_user() -> Option<String> {
    let out = Command::new("id").arg("-un").output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn exit_code(status: std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => u8::try_from(c).unwrap_or(EXIT_FINDINGS),
        (None, Some(sig)) => u8::try_from(128 + sig).unwrap_or(EXIT_FINDINGS),
        _ => EXIT_FINDINGS,
    }
}

/// A one-line explanation of known failures, after the tool's own messages.
fn explain_failure(job: &Job, stderr: &str, code: u8) {
    let why = if stderr.contains("Failed to create/acquire the lock") {
        "the repository is locked by another borg process; wait for it to finish (or, if none \
         runs, remove the stale lock with `borg break-lock`)"
    } else if stderr.contains("passcommand supplied in BORG_PASSCOMMAND failed") {
        "the pass command (encryption.passCommand, BORG_PASSCOMMAND) failed; check that it prints \
         the passphrase when run as this user"
    } else if stderr.contains("passphrase supplied in BORG_PASSPHRASE") {
        "the passphrase is wrong for this repository"
    } else if stderr.contains("unknown flag: --stdin-from-command") {
        "the `command` option needs restic 0.17 or newer (`restic backup --stdin-from-command`); \
         this restic is older"
    } else if stderr.contains("wrong password or no key found") {
        "the password (passwordFile, or RESTIC_PASSWORD* from environmentFile) does not open \
         this repository"
    } else if stderr.contains("Is there a repository at the following location?") {
        "there is no restic repository at that location; set `initialize = true` or run \
         `restic init` once"
    } else if stderr.contains("repository is already locked") {
        "the repository is locked by another restic process; wait for it to finish (or, if none \
         runs, remove the stale lock with `restic unlock`)"
    } else {
        ""
    };
    if why.is_empty() {
        eprintln!("backix: job {} failed with exit status {code}", job.name);
    } else {
        eprintln!(
            "backix: job {} failed (exit status {code}): {why}",
            job.name
        );
    }
}
