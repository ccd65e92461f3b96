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
    /// What to write.
    #[arg(long, value_enum, default_value = "manifest")]
    format: Format,
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
    if args.paths.is_empty() {
        eprintln!("error: give Nix files or directories to read");
        return EXIT_USAGE;
    }
    let bindings = match args.resolve.bindings() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let jobs = match load(&args.paths, &bindings) {
        Ok(j) => j,
        Err(code) => return code,
    };
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
