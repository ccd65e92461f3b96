//! `backix emit`: manifests (and the manifest's JSON Schema).

use std::path::PathBuf;

use backix_emit::diagnostics::{Color, emit_to_stderr};
use backix_emit::manifest::{self, Bindings, BuiltJob};
use backix_parser::diagnostic::Severity;
use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use clap::{Args, ValueEnum};

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// What `backix emit` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// The job manifest, as JSON (docs/manifest.md).
    Manifest,
    /// The JSON Schema of the manifest format.
    ManifestSchema,
    /// systemd units, scripts and files of every job, written into `--out DIR` (docs/units.md).
    Systemd,
    /// The `authorized_keys` lines of `services.borgbackup.repos`, per user (docs/units.md).
    AuthorizedKeys,
}

/// Values supplied for what static analysis leaves unknown (shared by `emit` and `run`).
#[derive(Args, Debug, Clone, Default)]
pub struct ResolveArgs {
    /// The host name (`config.networking.hostName`), used by the default archive name.
    #[arg(long, value_name = "NAME")]
    pub hostname: Option<String>,
    /// A user's home directory (`config.users.users.USER.home`), used by ReadWritePaths.
    #[arg(long, value_name = "USER=PATH")]
    pub home: Vec<String>,
    /// Supplies a reference: its name (`config.sops.secrets.borg.path`) or the job option it
    /// fills (`repo`, `paths[0]`). Also read from BACKIX_SET_<NAME> environment variables.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
}

impl ResolveArgs {
    /// The bindings these arguments give, or a usage message.
    pub fn bindings(&self) -> Result<Bindings, String> {
        let mut b = Bindings::default();
        b.use_env = true;
        if let Some(h) = &self.hostname {
            b.hostname(h);
        }
        for home in &self.home {
            let (user, path) =
                Bindings::parse_assignment(home).map_err(|e| format!("--home: {e} (USER=PATH)"))?;
            b.home(&user, &path);
        }
        for set in &self.set {
            let (k, v) = Bindings::parse_assignment(set).map_err(|e| format!("--set: {e}"))?;
            b.set(k, v);
        }
        Ok(b)
    }
}

/// Arguments of `backix emit`.
#[derive(Args, Debug)]
pub struct EmitArgs {
    /// Nix files or directories to read.
    paths: Vec<PathBuf>,
    /// Read a configuration Nix evaluated: the JSON of nix/bridge.nix (docs/bridge-json.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "flake"])]
    eval_json: Option<PathBuf>,
    /// Evaluate a flake's nixosConfigurations/homeConfigurations with `nix eval` (all of them,
    /// or the one named after `#`).
    #[arg(long, value_name = "REF[#ATTR]", conflicts_with = "paths")]
    flake: Option<String>,
    /// What to write.
    #[arg(long, value_enum, default_value = "manifest")]
    format: Format,
    /// The directory `--format systemd` writes into (created when missing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    resolve: ResolveArgs,
}

/// Runs `backix emit`.
pub fn run(args: EmitArgs) -> u8 {
    if let Format::ManifestSchema = args.format {
        println!(
            "{}",
            serde_json::to_string_pretty(&manifest::manifest_json_schema()).unwrap_or_default()
        );
        return EXIT_OK;
    }
    let evaluated = args.eval_json.is_some() || args.flake.is_some();
    if args.paths.is_empty() && !evaluated {
        eprintln!("error: give Nix files or directories to read, --eval-json FILE or --flake REF");
        return EXIT_USAGE;
    }
    if let Format::AuthorizedKeys = args.format {
        return super::emit_units::authorized_keys(
            &args.paths,
            args.eval_json.as_deref(),
            args.flake.as_deref(),
        );
    }
    if matches!(args.format, Format::Systemd) && args.out.is_none() {
        eprintln!("error: --format systemd writes files: give the directory with --out DIR");
        return EXIT_USAGE;
    }
    let bindings = match args.resolve.bindings() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let loaded = if evaluated {
        load_evaluated(args.eval_json.as_deref(), args.flake.as_deref(), &bindings)
    } else {
        load(&args.paths, &bindings)
    };
    let jobs = match loaded {
        Ok(j) => j,
        Err(code) => return code,
    };
    if let (Format::Systemd, Some(out)) = (args.format, &args.out) {
        return super::emit_units::systemd(&jobs, &bindings, out);
    }
    let mut code = EXIT_OK;
    for built in &jobs {
        let job = &built.job;
        for w in &job.warnings {
            eprintln!("warning: {w}");
        }
        for b in &job.blocked {
            eprintln!("error: job {}: {b}", job.name);
            code = EXIT_FINDINGS;
        }
    }
    let manifest = manifest::manifest(jobs.into_iter().map(|b| b.job).collect());
    match serde_json::to_string_pretty(&manifest) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("error: internal error writing the manifest: {e}");
            return EXIT_USAGE;
        }
    }
    code
}

/// Reads Nix files and builds their jobs; evaluation errors are shown on stderr. `Err` carries
/// the exit status.
pub fn load(paths: &[PathBuf], bindings: &Bindings) -> Result<Vec<BuiltJob>, u8> {
    let paths = paths.to_vec();
    let bindings = bindings.clone();
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(
        move || -> Result<Vec<BuiltJob>, u8> {
            let analysis = analyze(&paths, EvalOptions::default()).map_err(|e| {
                eprintln!("error: {e}");
                EXIT_USAGE
            })?;
            let ev = &analysis.evaluator;
            let shown: Vec<_> = ev
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            emit_to_stderr(&ev.sources, &shown, Color::Auto);
            Ok(manifest::build(&analysis.extraction, &bindings))
        },
    );
    match worker.map(|h| h.join()) {
        Ok(Ok(result)) => result,
        _ => {
            eprintln!("error: internal error (a bug in backix; please report it)");
            Err(EXIT_USAGE)
        }
    }
}

/// Builds the jobs of a configuration Nix evaluated (`--eval-json FILE` or `--flake REF`);
/// values Nix failed to evaluate are listed on stderr (the jobs reading them are blocked).
/// `Err` carries the exit status.
pub fn load_evaluated(
    eval_json: Option<&std::path::Path>,
    flake: Option<&str>,
    bindings: &Bindings,
) -> Result<Vec<BuiltJob>, u8> {
    let extraction = match (eval_json, flake) {
        (Some(path), _) => super::nix_input::load_eval_json(path),
        (None, Some(reference)) => super::nix_input::eval_flake(reference),
        (None, None) => Err("give --eval-json FILE or --flake REF".to_string()),
    }
    .map_err(|message| {
        eprintln!("error: {message}");
        EXIT_USAGE
    })?;
    for failure in super::nix_input::evaluation_failures(&extraction) {
        eprintln!("error: {failure}");
    }
    Ok(manifest::build(&extraction, bindings))
}
