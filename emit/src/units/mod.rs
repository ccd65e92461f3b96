//! systemd units of a job (`backix emit --format systemd`): the `.service` and `.timer` the
//! NixOS module generates, with the job's script and files written beside them.
//!
//! The renderer reads only [`Rendered`], so it serves every job kind. What goes where:
//!
//! - `<unit>.service`, `<unit>.timer` (no timer when the module generates none);
//! - `<unit>-script`, executable: the job's script, run by `ExecStart=` (behind the
//!   `systemd-inhibit` prefix when the job inhibits sleep);
//! - `<unit>.files/<name>`: the files the module writes to the store, found by the script
//!   through `BACKIX_JOB_FILES` (set with `Environment=` to that directory's absolute path);
//! - `<unit>.env` (mode 0600): variables holding secrets, read with `EnvironmentFile=`; a
//!   secret value never appears in a unit.
//!
//! A job whose units would still hold a reference is refused, naming each one and how to
//! supply it. Every file carries [`write::MARKER`], and [`write`] never replaces a file
//! without it.

pub mod quote;
pub mod write;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::manifest::borg::options::secret_env_name;
use crate::manifest::{Bindings, BuiltJob, Job, Mode, Rendered, Text, finish};

use write::{OutFile, with_marker};

/// The files of one job, ready to write.
#[derive(Clone, Debug)]
pub struct JobUnits {
    /// The unit name, without suffix.
    pub unit: String,
    /// The files to write, relative to the output directory.
    pub files: Vec<OutFile>,
    /// Files an earlier run may have written for this unit that it no longer generates (the
    /// timer of a job without `startAt`, the environment file of a job without secrets).
    pub stale: Vec<PathBuf>,
}

/// The script's file name for a unit.
pub fn script_name(unit: &str) -> String {
    format!("{unit}-script")
}

/// The directory of a unit's generated files.
pub fn files_dir(unit: &str) -> String {
    format!("{unit}.files")
}

/// Whether `name` is a valid systemd unit name prefix (`[A-Za-z0-9:_.\-@]`, not too long).
pub fn valid_unit_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 240
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":_.-\\@".contains(c))
}

/// Renders a built job's units for the output directory `dir` (absolute): the job is rendered
/// again with its own secrets and `bindings`, and refused (the message names the job and why)
/// when blocked, not renderable, or still holding references.
pub fn for_job(built: &BuiltJob, bindings: &Bindings, dir: &Path) -> Result<JobUnits, String> {
    let name = &built.job.name;
    if !built.job.blocked.is_empty() {
        return Err(format!(
            "job {name} cannot be rendered:\n  {}",
            built.job.blocked.join("\n  ")
        ));
    }
    // Variables holding a secret go to the environment file: those whose value references one
    // before secrets are supplied, and those whose name says so.
    let mut secret_keys: BTreeSet<String> = BTreeSet::new();
    if let Some(r) = &built.job.rendered {
        for (k, v) in &r.environment {
            if v.references().iter().any(|r| r.secret) {
                secret_keys.insert(k.clone());
            }
        }
    }
    let mut job = built.job.clone();
    finish(&mut job, bindings, &built.secrets, Mode::Run);
    let Some(rendered) = job.rendered.clone() else {
        return Err(format!("job {name} could not be rendered"));
    };
    for k in rendered.environment.keys() {
        if secret_env_name(k) {
            secret_keys.insert(k.clone());
        }
    }
    check_resolved(&job, &rendered)?;
    render(&job, &rendered, &secret_keys, dir)
}

/// Every text of the rendered job.
fn texts(r: &Rendered) -> Vec<&Text> {
    let mut t: Vec<&Text> = vec![&r.script, &r.service.user];
    t.extend(r.service.group.iter());
    t.extend(r.environment.values());
    t.extend(r.files.iter().map(|f| &f.contents));
    t.extend(r.service.read_write_paths.iter());
    t.extend(r.service.requires_mounts_for.iter());
    t.extend(r.service.settings.values().flatten());
    if let Some(timer) = &r.timer {
        t.extend(timer.on_calendar.iter());
        t.extend(timer.settings.values().flatten());
    }
    t
}

/// Fails with a message naming every reference left and how to supply it.
fn check_resolved(job: &Job, r: &Rendered) -> Result<(), String> {
    let missing = crate::manifest::missing_references(job, texts(r));
    if missing.is_empty() {
        return Ok(());
    }
    let mut msg = format!(
        "job {} needs values that static analysis left unknown; no units written for it:",
        job.name
    );
    for line in missing {
        let _ = write!(msg, "\n  {line}");
    }
    Err(msg)
}

fn known(t: &Text) -> String {
    t.known().unwrap_or_else(|| t.display())
}

/// A value that must fit on one line of a unit.
fn one_line(job: &str, what: &str, value: &str) -> Result<String, String> {
    if quote::single_line(value) {
        Ok(quote::specifiers(value))
    } else {
        Err(format!(
            "job {job}: {what} holds a line break or control character, which a unit file \
             cannot carry"
        ))
    }
}

/// A path of a path list.
fn path_word(job: &str, what: &str, value: &str) -> Result<String, String> {
    quote::path_word(value).ok_or_else(|| {
        format!(
            "job {job}: {what} {value:?} cannot be written in a unit (systemd reads no escapes \
             there: a quote, backslash or control character is not allowed)"
        )
    })
}

/// Renders the units of a job whose texts are all known, for the output directory `dir`.
pub fn render(
    job: &Job,
    r: &Rendered,
    secret_keys: &BTreeSet<String>,
    dir: &Path,
) -> Result<JobUnits, String> {
    let name = &job.name;
    let unit = &r.unit;
    if !valid_unit_name(unit) {
        return Err(format!(
            "job {name}: {unit:?} is not a valid systemd unit name (letters, digits and \
             `:_.-\\@` only); systemd would not load the module's unit either"
        ));
    }
    let dir_text = dir.to_string_lossy();
    if !dir.is_absolute() || !quote::single_line(&dir_text) || dir_text.contains(['"', '\'', '\\'])
    {
        return Err(format!(
            "the output directory {dir_text:?} must be an absolute path without quotes, \
             backslashes or control characters (systemd refuses them in an executable's path)"
        ));
    }
    let what = format!(
        "job {name} of {}",
        job.system.replace(char::is_control, "?")
    );
    let files_dir = dir.join(files_dir(unit));
    let script_path = dir.join(script_name(unit));
    let env_path = dir.join(format!("{unit}.env"));

    let mut out = Vec::new();
    let mut stale = Vec::new();

    // The service.
    let s = &r.service;
    let mut svc = String::from("[Unit]\n");
    if !s.description.is_empty() {
        let _ = writeln!(
            svc,
            "Description={}",
            one_line(name, "Description", &s.description)?
        );
    }
    for p in &s.requires_mounts_for {
        let _ = writeln!(
            svc,
            "RequiresMountsFor={}",
            path_word(name, "RequiresMountsFor", &known(p))?
        );
    }
    svc.push_str("\n[Service]\n");
    if let Some(t) = &s.service_type {
        let _ = writeln!(svc, "Type={}", one_line(name, "Type", t)?);
    }
    let _ = writeln!(svc, "User={}", one_line(name, "User", &known(&s.user))?);
    if let Some(g) = &s.group {
        let _ = writeln!(svc, "Group={}", one_line(name, "Group", &known(g))?);
    }
    let mut env_file = String::new();
    for (k, v) in &r.environment {
        if !quote::valid_env_name(k) {
            return Err(format!(
                "job {name}: environment variable name {k:?} is not one systemd accepts"
            ));
        }
        if secret_keys.contains(k) {
            env_file.push_str(&quote::env_file_line(k, &known(v)));
            env_file.push('\n');
        } else {
            let _ = writeln!(svc, "Environment={}", quote::environment(k, &known(v)));
        }
    }
    if !r.files.is_empty() {
        let _ = writeln!(
            svc,
            "Environment={}",
            quote::environment("BACKIX_JOB_FILES", &files_dir.to_string_lossy())
        );
    }
    if env_file.is_empty() {
        stale.push(PathBuf::from(format!("{unit}.env")));
    } else {
        let _ = writeln!(
            svc,
            "EnvironmentFile={}",
            quote::specifiers(&env_path.to_string_lossy())
        );
        out.push(OutFile {
            name: format!("{unit}.env").into(),
            contents: with_marker(&env_file, &format!("secrets of {what}")),
            mode: 0o600,
        });
    }
    let script_text = script_path.to_string_lossy();
    let exec: Vec<String> = match s.exec_prefix.split_first() {
        Some((program, args)) => std::iter::once(quote::exec_program(program))
            .chain(args.iter().map(|w| quote::exec_word(w)))
            .chain([quote::exec_word(&script_text)])
            .collect(),
        None => vec![quote::exec_program(&script_text)],
    };
    let _ = writeln!(svc, "ExecStart={}", exec.join(" "));
    if let Some(v) = &s.cpu_scheduling_policy {
        let _ = writeln!(
            svc,
            "CPUSchedulingPolicy={}",
            one_line(name, "CPUSchedulingPolicy", v)?
        );
    }
    if let Some(v) = &s.io_scheduling_class {
        let _ = writeln!(
            svc,
            "IOSchedulingClass={}",
            one_line(name, "IOSchedulingClass", v)?
        );
    }
    if let Some(v) = &s.protect_system {
        let _ = writeln!(svc, "ProtectSystem={}", one_line(name, "ProtectSystem", v)?);
    }
    let _ = writeln!(svc, "PrivateTmp={}", s.private_tmp);
    for p in &s.read_write_paths {
        let _ = writeln!(
            svc,
            "ReadWritePaths={}",
            path_word(name, "ReadWritePaths", &known(p))?
        );
    }
    let mut unit_extra = String::new();
    for (key, values) in &s.settings {
        let (section, key) = key.split_once('.').unwrap_or(("Service", key));
        let target = match section {
            "Unit" => &mut unit_extra,
            "Service" => &mut svc,
            other => {
                return Err(format!(
                    "job {name}: setting {other}.{key} is in no section of a service unit"
                ));
            }
        };
        for v in values {
            let _ = writeln!(target, "{key}={}", one_line(name, key, &known(v))?);
        }
    }
    if !unit_extra.is_empty() {
        svc = svc.replacen("\n[Service]\n", &format!("{unit_extra}\n[Service]\n"), 1);
    }
    out.push(OutFile {
        name: format!("{unit}.service").into(),
        contents: with_marker(&svc, &what),
        mode: 0o644,
    });

    // The timer.
    match &r.timer {
        Some(t) => {
            let mut tm = String::from("[Unit]\n");
            if !t.description.is_empty() {
                let _ = writeln!(
                    tm,
                    "Description={}",
                    one_line(name, "Description", &t.description)?
                );
            }
            for a in &t.after {
                let _ = writeln!(tm, "After={}", one_line(name, "After", a)?);
            }
            for w in &t.wants {
                let _ = writeln!(tm, "Wants={}", one_line(name, "Wants", w)?);
            }
            if t.only_manual_start {
                tm.push_str("X-OnlyManualStart=true\n");
            }
            tm.push_str("\n[Timer]\n");
            for c in &t.on_calendar {
                let _ = writeln!(
                    tm,
                    "OnCalendar={}",
                    one_line(name, "OnCalendar", &known(c))?
                );
            }
            if !t.settings.contains_key("Persistent") {
                let _ = writeln!(tm, "Persistent={}", t.persistent);
            }
            for (key, values) in &t.settings {
                for v in values {
                    let _ = writeln!(tm, "{key}={}", one_line(name, key, &known(v))?);
                }
            }
            tm.push_str("\n[Install]\n");
            for w in &t.wanted_by {
                let _ = writeln!(tm, "WantedBy={}", one_line(name, "WantedBy", w)?);
            }
            out.push(OutFile {
                name: format!("{unit}.timer").into(),
                contents: with_marker(&tm, &what),
                mode: 0o644,
            });
        }
        None => stale.push(format!("{unit}.timer").into()),
    }

    // The script and its files.
    out.push(OutFile {
        name: script_name(unit).into(),
        contents: with_marker(&known(&r.script), &what),
        mode: 0o755,
    });
    for f in &r.files {
        if f.name.is_empty() || f.name.contains('/') || f.name.starts_with('.') {
            return Err(format!(
                "job {name}: generated file name {:?} is not a plain name",
                f.name
            ));
        }
        out.push(OutFile {
            name: Path::new(&self::files_dir(unit)).join(&f.name),
            contents: with_marker(&known(&f.contents), &what),
            mode: 0o644,
        });
    }
    Ok(JobUnits {
        unit: unit.clone(),
        files: out,
        stale,
    })
}

/// Writes the units of several jobs into `dir` (created when missing): first checks that no
/// file to write exists without the marker, then writes each atomically and removes the stale
/// files backix wrote earlier. Returns the paths written and removed.
pub fn write_all(dir: &Path, jobs: &[JobUnits]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let mut problems = Vec::new();
    for job in jobs {
        for f in &job.files {
            if let Err(e) = write::check_writable(&dir.join(&f.name)) {
                problems.push(e);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let mut written = Vec::new();
    let mut removed = Vec::new();
    for job in jobs {
        for f in &job.files {
            written.push(write::write_atomic(dir, f)?);
        }
        for s in &job.stale {
            let p = dir.join(s);
            if write::is_ours(&p) {
                std::fs::remove_file(&p).map_err(|e| format!("removing {}: {e}", p.display()))?;
                removed.push(p);
            }
        }
    }
    Ok((written, removed))
}
