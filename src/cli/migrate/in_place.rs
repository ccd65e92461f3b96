//! `backix migrate FILE.nix...`: the borgmatic blocks of each Nix file (NixOS
//! `services.borgmatic`, home-manager `programs.borgmatic`/`services.borgmatic` of
//! `home-manager.users.<u>`) rewritten in place into `services.borgbackup.jobs`.
//!
//! Default: the new file on standard output. `--check`: a unified diff, exit 1 when anything
//! would change. `--write`: the file replaced atomically, the original kept as `FILE.orig`
//! (refused when that exists). home-manager has no borgbackup module: a user's blocks become
//! NixOS-level jobs with `user = "<u>"`. A standalone home-manager file is never rewritten: the
//! NixOS module to add is printed instead, and the report says the block stays until the user
//! removes it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use backix_emit::diagnostics::{Color, emit_to_stderr};
use backix_emit::migrate::hm_symlinks::HomeContext;
use backix_emit::migrate::in_place::{self, BlockKind, Jobs};
use backix_emit::migrate::report::{KeyReport, Outcome};
use backix_emit::migrate::to_jobs::{self, MigratedJob, Options, Timer};
use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::module::extract::{ModuleKind, OptionNode, RootReport};
use backix_schema::borgmatic::nix::configs;
use backix_schema::view;

use super::{MigrateArgs, common};
use crate::cli::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Runs `backix migrate` on Nix files.
pub fn run(args: &MigrateArgs) -> u8 {
    if args.output.is_some() && args.paths.len() > 1 {
        eprintln!("error: --output takes the result of one file; give one Nix file");
        return EXIT_USAGE;
    }
    let mut schedules = BTreeMap::new();
    for s in &args.schedule {
        match s.split_once('=') {
            Some((n, c)) if !n.is_empty() && backix_schema::calendar::is_valid(c) => {
                schedules.insert(n.to_string(), c.to_string());
            }
            _ => {
                eprintln!("error: --schedule {s}: expected NAME=CALENDAR with a systemd calendar");
                return EXIT_USAGE;
            }
        }
    }
    let mut code = EXIT_OK;
    for path in &args.paths {
        if path.is_dir() {
            eprintln!(
                "error: {}: give the Nix files to rewrite, not a directory",
                path.display()
            );
            return EXIT_USAGE;
        }
        match migrate_file(path, args, &schedules) {
            Ok(c) => code = code.max(c),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                code = code.max(EXIT_FINDINGS);
            }
        }
    }
    code
}

/// What analysing one file gave: per block kind, the jobs and the report.
struct Migrated {
    jobs: Jobs,
    report: Vec<KeyReport>,
    standalone_home: bool,
    /// Configurations found by the analysis, by kind.
    kinds: Vec<BlockKind>,
}

fn migrate_file(
    path: &Path,
    args: &MigrateArgs,
    schedules: &BTreeMap<String, String>,
) -> Result<u8, String> {
    // The caller names the file in front of the message.
    let text = backix_parser::input::read_text(path, backix_parser::input::DEFAULT_MAX_FILE_SIZE)
        .map_err(|e| {
        let named = format!("{}: ", path.display());
        e.strip_prefix(&named).map_or(e.clone(), str::to_string)
    })?;
    let owned = path.to_path_buf();
    let schedules = schedules.clone();
    let user_arg = single_home(&args.home)?;
    let homes = common::homes(&args.home)?;
    let migrated = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || analyse(owned, schedules, user_arg, homes))
        .map_err(|e| format!("cannot start: {e}"))?
        .join()
        .map_err(|_| "internal error (a bug in backix; please report it)".to_string())??;
    let blocks = in_place::find_blocks(&text, migrated.standalone_home)?;
    for kind in &migrated.kinds {
        if !blocks.iter().any(|b| &b.kind == kind) {
            return Err(format!(
                "the borgmatic configuration of {} is not written as plain bindings of this \
                 file's attribute set (it is under a function such as `lib.mkIf`, or in another \
                 file): migrate it by hand",
                describe(kind)
            ));
        }
    }
    if let Some(b) = blocks.iter().find(|b| !b.plain) {
        return Err(format!(
            "`{}` is written through a function or operator (such as `lib.mkIf`) that a rewrite \
             would drop: migrate it by hand",
            b.path.join(".")
        ));
    }
    if blocks.is_empty() {
        eprintln!("{}: no borgmatic configuration to migrate", path.display());
        return Ok(EXIT_OK);
    }
    let mut report = migrated.report;
    if migrated.standalone_home {
        return standalone(path, args, &migrated.jobs, &mut report);
    }
    let new = in_place::rewrite(&text, &blocks, &migrated.jobs)?;
    in_place::check_parses(&new)
        .map_err(|e| format!("internal error: the rewritten file does not parse ({e})"))?;
    common::print_report(&report, args.report);
    let strict = args.strict && common::strict_fails(&report);
    if args.check {
        if new == text {
            return Ok(if strict { EXIT_FINDINGS } else { EXIT_OK });
        }
        let name = path.display().to_string();
        let diff = similar::TextDiff::from_lines(&text, &new);
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&name, &format!("{name} (migrated)"))
        );
        return Ok(EXIT_FINDINGS);
    }
    if args.write {
        if strict {
            return Err(
                "--strict: some keys were carried with a loss or not at all; the file \
                        was not changed"
                    .into(),
            );
        }
        let mut orig = path.as_os_str().to_owned();
        orig.push(".orig");
        let orig = PathBuf::from(orig);
        if orig.exists() {
            return Err(format!(
                "{} exists already; move it away first (the original is kept there)",
                orig.display()
            ));
        }
        common::write_atomic(path, &new, true)?;
        eprintln!(
            "{}: rewritten (the original is {})",
            path.display(),
            orig.display()
        );
        return Ok(EXIT_OK);
    }
    match &args.output {
        Some(out) => common::write_atomic(out, &new, false)?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(new.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))?;
        }
    }
    Ok(if strict { EXIT_FINDINGS } else { EXIT_OK })
}

/// A standalone home-manager file: the NixOS module to add is printed; the file is left alone.
fn standalone(
    path: &Path,
    args: &MigrateArgs,
    jobs: &Jobs,
    report: &mut Vec<KeyReport>,
) -> Result<u8, String> {
    if args.write || args.check {
        return Err(
            "a standalone home-manager file is not rewritten (home-manager has no \
                    borgbackup module): run without --write/--check to print the NixOS module \
                    to add, then remove the borgmatic block yourself"
                .into(),
        );
    }
    report.push(KeyReport {
        at: None,
        key: "programs.borgmatic".into(),
        target: String::new(),
        outcome: Outcome::NotCarried {
            why: format!(
                "{} is a standalone home-manager file and home-manager has no borgbackup \
                 module: the NixOS module printed on standard output holds the jobs; the \
                 borgmatic block stays in the file until you remove it",
                path.display()
            ),
            suggestion: Some("add the printed module to the NixOS configuration".into()),
        },
    });
    let user_jobs: Vec<MigratedJob> = jobs.home.iter().flat_map(|(_, j)| j.clone()).collect();
    let mut module = format!(
        "# NixOS module with the jobs of the borgmatic configuration in {}.\n{}\n{{\n  ",
        path.display(),
        if jobs.needs_config {
            "{ config, ... }:"
        } else {
            "{ ... }:"
        }
    );
    let body = in_place::rewrite(
        "{\n  services.borgmatic = { };\n}\n",
        &in_place::find_blocks("{\n  services.borgmatic = { };\n}\n", false)?,
        &Jobs {
            nixos: user_jobs,
            home: Vec::new(),
            needs_config: false,
        },
    )?;
    module.push_str(body.trim_start_matches("{\n  "));
    common::print_report(report, args.report);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(module.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    Ok(if args.strict { EXIT_FINDINGS } else { EXIT_OK })
}

fn describe(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Nixos => "services.borgmatic".into(),
        BlockKind::Home(Some(u)) => format!("home-manager user {u}"),
        BlockKind::Home(None) => "programs.borgmatic".into(),
    }
}

/// The home-manager context of a backup with `excludeHomeManagerSymlinks = true` (`label`
/// ends in `backups.<name>`; `nested` is the user of a `home-manager.users.<u>` block): the
/// user's home from `--home`, and no `home.file` entries (backix does not read them), so the
/// standard home-manager paths are excluded. Without a home, a report line says how to give it.
fn hm_context(
    roots: &[&RootReport],
    label: &str,
    nested: Option<&str>,
    user: &str,
    homes: &BTreeMap<String, String>,
    report: &mut Vec<KeyReport>,
) -> Option<HomeContext> {
    let name = label.rsplit_once(".backups.")?.1;
    let root = roots
        .iter()
        .find(|r| r.module == ModuleKind::HomeProgramsBorgmatic && r.user.as_deref() == nested)?;
    let flag = ["backups", name, "location", "excludeHomeManagerSymlinks"]
        .iter()
        .try_fold(&root.value, |n, k| view::child(n, k))?;
    let OptionNode::Value { value, .. } = flag else {
        return None;
    };
    if view::as_bool(value) != Some(true) {
        return None;
    }
    let Some(home) = homes.get(user) else {
        report.push(KeyReport {
            at: value.location().map(|l| format!("{}:{}", l.file, l.line)),
            key: format!("{label}.location.excludeHomeManagerSymlinks"),
            target: String::new(),
            outcome: Outcome::NotCarried {
                why: format!("the home directory of {user} is not known statically"),
                suggestion: Some(format!(
                    "give --home {user}=PATH to exclude the paths home-manager manages"
                )),
            },
        });
        return None;
    };
    Some(HomeContext {
        home: home.clone(),
        files: Vec::new(),
        files_complete: false,
        exclude_symlinks: true,
    })
}

/// The one `--home USER=PATH` user, for a standalone home-manager file.
fn single_home(homes: &[String]) -> Result<Option<String>, String> {
    match homes {
        [] => Ok(None),
        [one] => match one.split_once('=') {
            Some((u, p)) if !u.is_empty() && p.starts_with('/') => Ok(Some(u.to_string())),
            _ => Err(format!(
                "--home {one}: expected USER=PATH with an absolute PATH"
            )),
        },
        // Several homes name the users of `home-manager.users.<u>` blocks; a standalone file
        // needs exactly one.
        _ => Ok(None),
    }
}

fn analyse(
    path: PathBuf,
    schedules: BTreeMap<String, String>,
    home_user: Option<String>,
    homes: BTreeMap<String, String>,
) -> Result<Migrated, String> {
    let analysis = analyze(&[path], EvalOptions::default()).map_err(|e| e.to_string())?;
    let ev = &analysis.evaluator;
    let errors: Vec<_> = ev
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        emit_to_stderr(&ev.sources, &errors, Color::Auto);
        return Err("the file has errors; nothing was migrated".into());
    }
    let extraction = &analysis.extraction;
    let roots: Vec<_> = extraction.systems.iter().flat_map(|s| &s.roots).collect();
    let standalone_home = roots.iter().any(|r| {
        r.user.is_none()
            && matches!(
                r.module,
                ModuleKind::HomeProgramsBorgmatic | ModuleKind::HomeServicesBorgmatic
            )
    });
    // home-manager timers: `services.borgmatic` of each user (None: standalone).
    let mut timers: BTreeMap<Option<String>, Timer> = BTreeMap::new();
    for r in roots
        .iter()
        .filter(|r| r.module == ModuleKind::HomeServicesBorgmatic)
    {
        let enabled = view::value_at(&r.value, "enable").and_then(view::as_bool) == Some(true);
        if !enabled {
            continue;
        }
        let frequency = match view::at(&r.value, "frequency") {
            None => "hourly".to_string(),
            Some(OptionNode::Value { value, .. }) => match view::as_str(value) {
                Some(f) => f.to_string(),
                None => {
                    return Err(
                        "home-manager services.borgmatic.frequency is not known statically".into(),
                    );
                }
            },
            Some(_) => {
                return Err("home-manager services.borgmatic.frequency is not a value".into());
            }
        };
        timers.insert(
            r.user.clone(),
            Timer {
                start_at: frequency,
                persistent: true,
                inhibits_sleep: true,
            },
        );
    }
    let mut jobs = Jobs::default();
    let mut report = Vec::new();
    let mut kinds = Vec::new();
    // Names of jobs the file defines already: migrated jobs must not collide with them.
    let mut taken: Vec<String> = roots
        .iter()
        .filter(|r| r.module == ModuleKind::BorgbackupJobs)
        .flat_map(|r| view::entries(&r.value).map(|(n, _)| n.to_string()))
        .collect();
    for config in configs(extraction) {
        let (kind, user) = if let Some(rest) = config.label.strip_prefix("home-manager.users.") {
            let user = rest.split('.').next().unwrap_or_default().to_string();
            (BlockKind::Home(Some(user.clone())), Some(user))
        } else if config.module == ModuleKind::HomeProgramsBorgmatic {
            (BlockKind::Home(None), home_user.clone())
        } else {
            (BlockKind::Nixos, None)
        };
        if kind == BlockKind::Home(None) && user.is_none() {
            return Err(
                "a standalone home-manager file: give --home USER=PATH to name the user \
                        the jobs run as"
                    .into(),
            );
        }
        if config
            .analysis
            .findings
            .iter()
            .any(|f| backix_schema::borgmatic::analyze::is_rejection(f.code))
        {
            return Err(format!(
                "borgmatic would refuse the configuration {}; fix it first (`backix lint`)",
                config.label
            ));
        }
        let Some(normalized) = &config.analysis.normalized else {
            return Err(format!("{} is not a borgmatic configuration", config.label));
        };
        let base = match config.label.rsplit('.').next() {
            Some("settings") | None => "borgmatic",
            Some(last) => last,
        };
        let timer_key = match &kind {
            BlockKind::Home(Some(u)) => Some(Some(u.clone())),
            BlockKind::Home(None) => Some(None),
            BlockKind::Nixos => None,
        };
        let home_manager = match (&kind, &user) {
            (BlockKind::Home(nested), Some(u)) => hm_context(
                &roots,
                &config.label,
                nested.as_deref(),
                u,
                &homes,
                &mut report,
            ),
            _ => None,
        };
        let options = Options {
            schedules: schedules.clone(),
            timer: timer_key.and_then(|k| timers.get(&k).cloned()),
            user: user.clone(),
            home_manager,
        };
        let migration = to_jobs::from_config(normalized, base, &ev.sources, &options);
        jobs.needs_config |= to_jobs::references_config(&migration);
        let mut migrated = migration.jobs;
        for job in &mut migrated {
            let mut name = job.name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{}-{n}", job.name);
                n += 1;
            }
            taken.push(name.clone());
            job.name = name;
        }
        report.extend(migration.report);
        match &kind {
            BlockKind::Nixos => jobs.nixos.extend(migrated),
            BlockKind::Home(u) => {
                let u = u.clone().or(user).unwrap_or_default();
                match jobs.home.iter_mut().find(|(x, _)| *x == u) {
                    Some((_, list)) => list.extend(migrated),
                    None => jobs.home.push((u, migrated)),
                }
            }
        }
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(Migrated {
        jobs,
        report,
        standalone_home,
        kinds,
    })
}
