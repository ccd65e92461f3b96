//! `backix lint`: runs every check over Nix files and borgmatic YAML and reports the findings.
//!
//! Each unit of work (the Nix files of one path argument, one YAML file, standard input) is
//! analysed by one worker of a thread pool: the evaluator is not `Send`, so a worker builds
//! everything it needs and sends back plain data (file texts with secrets masked, findings with
//! spans into them). The results are merged in the order of the arguments, so the output does
//! not depend on scheduling.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use backix_emit::diagnostics::{Color, emit_to_stdout};
use backix_emit::report::{self, LintReport};
use backix_parser::diagnostic::Diagnostic;
use backix_parser::eval::value::Thunk;
use backix_parser::eval::{EvalOptions, Evaluator};
use backix_parser::module::extract::Extraction;
use backix_parser::module::loader::system_from_modules;
use backix_parser::module::{SystemClass, analyze, extract};
use backix_parser::source::{FileId, SourceMap, Span};
use backix_schema::config::{self, Config, Overrides, Selector};
use backix_schema::engine::{self, INTERNAL_ERROR, Settings, UNKNOWN_RULE};
use backix_schema::rule::{Context, Level};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::lint_inputs::{Unit, units_of};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::{findings_cap, value_errors};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text with source snippets, and a summary line on standard error.
    Human,
    /// One JSON document (docs/lint-json.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// When to colour human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When standard output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `backix lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Nix files, borgmatic YAML files (.yaml/.yml) or directories to check.
    paths: Vec<PathBuf>,
    /// Read one file from standard input (Nix, or YAML when --stdin-filename ends in .yaml/.yml).
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
    /// The name to report standard input under; also where backix.toml is looked up from.
    #[arg(long, requires = "stdin", value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Colour human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Report a rule (code, name or `all`) as an error.
    #[arg(long, value_name = "CODE|NAME")]
    deny: Vec<String>,
    /// Report a rule (code, name or `all`) as a warning.
    #[arg(long, value_name = "CODE|NAME")]
    warn: Vec<String>,
    /// Do not report a rule (code, name or `all`).
    #[arg(long, value_name = "CODE|NAME")]
    allow: Vec<String>,
    /// Use this configuration file for every file instead of the nearest backix.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Evaluation steps before giving up, per unit.
    #[arg(long, default_value_t = EvalOptions::default().max_steps)]
    max_steps: u64,
    /// Largest file (or standard input) read, in bytes (docs/limits.md).
    #[arg(long, value_name = "BYTES", default_value_t = EvalOptions::default().max_file_size)]
    max_file_size: u64,
    /// Findings shown per file by the human and github formats (0: all); the summary and the
    /// exit code count every finding, json and sarif list every finding.
    #[arg(long, value_name = "N", default_value_t = super::findings_cap::DEFAULT_PER_FILE)]
    max_findings_per_file: usize,
    /// Check a configuration Nix evaluated: the JSON of nix/bridge.nix (docs/bridge-json.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "stdin", "flake"])]
    eval_json: Option<PathBuf>,
    /// Evaluate a flake's nixosConfigurations/homeConfigurations with `nix eval` (all of them,
    /// or the one named after `#`) and check them.
    #[arg(long, value_name = "REF[#ATTR]", conflicts_with_all = ["paths", "stdin"])]
    flake: Option<String>,
}

/// Runs `backix lint`.
pub fn run(args: LintArgs) -> u8 {
    let command_line = match command_line_levels(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let configs = match &args.config {
        Some(path) => match config::load(path) {
            Ok(c) => Configs::fixed(c),
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        },
        None => Configs::nearest(),
    };
    if args.eval_json.is_some() || args.flake.is_some() {
        return evaluated(&args, &command_line, &configs);
    }
    let mut units = Vec::new();
    if args.stdin {
        let text = match backix_parser::input::read_stdin(args.max_file_size) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        };
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".to_string());
        let yaml = super::lint_inputs::is_yaml(Path::new(&name));
        units.push(Unit::Stdin { name, text, yaml });
    } else if args.paths.is_empty() {
        eprintln!("error: give files or directories to check, or --stdin");
        return EXIT_USAGE;
    }
    for path in &args.paths {
        match units_of(path) {
            Ok(found) if found.is_empty() => eprintln!(
                "warning: {}: no .nix files or borgmatic YAML files to check",
                path.display()
            ),
            Ok(found) => units.extend(found),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        }
    }
    engine::quiet_panics();
    let options = EvalOptions {
        max_steps: args.max_steps,
        max_file_size: args.max_file_size,
        ..EvalOptions::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(256 << 20)
        .build();
    let results: Vec<UnitResult> = match pool {
        Ok(pool) => pool.install(|| {
            units
                .par_iter()
                .map(|u| run_unit_caught(u, options.clone(), &command_line, &configs))
                .collect()
        }),
        Err(e) => {
            eprintln!("error: cannot start worker threads: {e}");
            return EXIT_USAGE;
        }
    };
    finish(&args, results, &configs)
}

/// `--eval-json`/`--flake`: checks the configurations Nix evaluated, with the lines the static
/// analysis of their definition files knows ([`super::nix_locate`]).
fn evaluated(args: &LintArgs, command_line: &Overrides, configs: &Configs) -> u8 {
    let extraction = match (&args.eval_json, &args.flake) {
        (Some(path), _) => super::nix_input::load_eval_json(path),
        (None, Some(reference)) => super::nix_input::eval_flake(reference),
        (None, None) => Err("give --eval-json FILE or --flake REF".to_string()),
    };
    let mut extraction = match extraction {
        Ok(e) => e,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    engine::quiet_panics();
    let options = EvalOptions {
        max_steps: args.max_steps,
        max_file_size: args.max_file_size,
        ..EvalOptions::default()
    };
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let work = || {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let located = super::nix_locate::locate(&mut extraction, options);
            let mut result = check(
                &located.sources,
                &extraction,
                &[],
                located.failures,
                &base,
                command_line,
                configs,
            );
            super::nix_locate::name_places(&mut result.findings, &located.places);
            result
        }));
        caught.unwrap_or_else(|payload| {
            let what = engine::panic_message(payload.as_ref());
            let d = Diagnostic::error(
                INTERNAL_ERROR,
                format!("internal error while checking the evaluated configuration: {what}"),
                None,
            )
            .with_note("this is a bug in backix; please report it.");
            UnitResult {
                findings: vec![d],
                ..UnitResult::default()
            }
        })
    };
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(scope, work)
            .map(|h| h.join())
    });
    match result {
        Ok(Ok(result)) => finish(args, vec![result], configs),
        _ => {
            eprintln!("error: internal error (a bug in backix; please report it)");
            EXIT_USAGE
        }
    }
}

/// The levels given with --deny/--warn/--allow.
fn command_line_levels(args: &LintArgs) -> Result<Overrides, String> {
    let mut overrides = Overrides::new();
    let mut seen: HashMap<String, (Level, &str)> = HashMap::new();
    for (names, level, flag) in [
        (&args.allow, Level::Allow, "--allow"),
        (&args.warn, Level::Warn, "--warn"),
        (&args.deny, Level::Deny, "--deny"),
    ] {
        for name in names {
            let Some(selector) = Selector::parse(name) else {
                let hint = match config::suggest(name) {
                    Some(s) => format!(" (did you mean '{s}'?)"),
                    None => String::new(),
                };
                return Err(format!(
                    "{flag} {name}: unknown rule{hint}; `backix explain --list` lists every rule"
                ));
            };
            let key = match selector {
                Selector::All => "all".to_string(),
                Selector::Rule(r) => r.code.to_string(),
                Selector::Analysis(c) => c.to_string(),
            };
            if let Some((other, other_flag)) = seen.get(&key)
                && *other != level
            {
                return Err(format!(
                    "{name} is given both with {other_flag} and {flag}; give one level per rule"
                ));
            }
            seen.insert(key, (level, flag));
            overrides.set(selector, level);
        }
    }
    Ok(overrides)
}

/// The configuration files in force, loaded once each and shared by the workers.
struct Configs {
    fixed: Option<Arc<Config>>,
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    loaded: Mutex<Vec<Arc<Config>>>,
    errors: Mutex<Vec<String>>,
}

impl Configs {
    fn fixed(config: Config) -> Self {
        let config = Arc::new(config);
        Configs {
            fixed: Some(config.clone()),
            by_dir: Mutex::default(),
            loaded: Mutex::new(vec![config]),
            errors: Mutex::default(),
        }
    }

    fn nearest() -> Self {
        Configs {
            fixed: None,
            by_dir: Mutex::default(),
            loaded: Mutex::default(),
            errors: Mutex::default(),
        }
    }

    /// The configuration for a file (or, with `None`, for the current directory).
    fn for_file(&self, file: Option<&Path>) -> Option<Arc<Config>> {
        if let Some(fixed) = &self.fixed {
            return Some(fixed.clone());
        }
        let dir = file
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        let mut by_dir = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = by_dir.get(&dir) {
            return found.clone();
        }
        let found = config::find(&dir).and_then(|path| self.load(&path));
        by_dir.insert(dir, found.clone());
        found
    }

    fn load(&self, path: &Path) -> Option<Arc<Config>> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = loaded.iter().find(|c| c.path == path) {
            return Some(c.clone());
        }
        match config::load(path) {
            Ok(c) => {
                let c = Arc::new(c);
                loaded.push(c.clone());
                Some(c)
            }
            Err(e) => {
                let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
                if !errors.contains(&e.to_string()) {
                    errors.push(e.to_string());
                }
                None
            }
        }
    }
}

/// One file of a unit's result, with its secrets masked.
struct UnitFile {
    name: String,
    path: Option<PathBuf>,
    text: String,
}

/// What a worker sends back: plain data only.
#[derive(Default)]
struct UnitResult {
    files: Vec<UnitFile>,
    /// Findings with spans into `files` (by index).
    findings: Vec<Diagnostic>,
    suppressed: usize,
    /// A problem with the input itself (exit code 2).
    error: Option<String>,
}

fn run_unit_caught(
    unit: &Unit,
    options: EvalOptions,
    command_line: &Overrides,
    configs: &Configs,
) -> UnitResult {
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_unit(unit, options, command_line, configs)
    }));
    caught.unwrap_or_else(|payload| {
        let what = engine::panic_message(payload.as_ref());
        let mut d = Diagnostic::error(
            INTERNAL_ERROR,
            format!(
                "internal error while analysing {}: {what}",
                unit_label(unit)
            ),
            None,
        );
        d.notes
            .push("this is a bug in backix; please report it.".to_string());
        UnitResult {
            findings: vec![d],
            ..UnitResult::default()
        }
    })
}

/// Debug builds only: panics while analysing a unit that holds a file named by the environment
/// variable `BACKIX_DEBUG_PANIC_ON` (a file name, without directories), so that tests can show
/// that a panic becomes an internal-error finding for that unit and the others are still checked.
#[cfg(debug_assertions)]
fn panic_on_request(unit: &Unit) {
    let Some(wanted) = std::env::var_os("BACKIX_DEBUG_PANIC_ON") else {
        return;
    };
    let named = |p: &Path| p.file_name() == Some(wanted.as_os_str());
    let hit = match unit {
        Unit::Nix { files, .. } => files.iter().any(|f| named(f)),
        Unit::Yaml { path } => named(path),
        Unit::Stdin { name, .. } => named(Path::new(name)),
    };
    if hit {
        panic!("BACKIX_DEBUG_PANIC_ON asked for a panic here");
    }
}

fn unit_label(unit: &Unit) -> String {
    match unit {
        Unit::Nix { base, .. } => base.display().to_string(),
        Unit::Yaml { path } => path.display().to_string(),
        Unit::Stdin { name, .. } => name.clone(),
    }
}

fn run_unit(
    unit: &Unit,
    options: EvalOptions,
    command_line: &Overrides,
    configs: &Configs,
) -> UnitResult {
    #[cfg(debug_assertions)]
    panic_on_request(unit);
    match unit {
        Unit::Nix { base, files } => match analyze(files, options) {
            Ok(analysis) => {
                let ev = &analysis.evaluator;
                let mut diagnostics = ev.diagnostics.clone();
                diagnostics.extend(value_errors::findings(&analysis.extraction));
                check(
                    &ev.sources,
                    &analysis.extraction,
                    &[],
                    diagnostics,
                    base,
                    command_line,
                    configs,
                )
            }
            Err(e) => UnitResult {
                error: Some(e.to_string()),
                ..UnitResult::default()
            },
        },
        Unit::Stdin {
            name,
            text,
            yaml: false,
        } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let path = cwd.join(name);
            let mut ev = Evaluator::new(options);
            let system = system_from_modules(&mut ev, name.clone(), SystemClass::Any, |c, ev| {
                let (expr, errors) = ev.parse_source(name, Some(path.clone()), text);
                let failed = !errors.is_empty();
                ev.diagnostics.extend(errors);
                if !failed {
                    let span = expr.span;
                    c.collect(ev, Thunk::expr(expr, ev.global_env()), Some(span));
                }
            });
            let extraction = extract(&mut ev, &[system]);
            let mut diagnostics = ev.diagnostics.clone();
            diagnostics.extend(value_errors::findings(&extraction));
            check(
                &ev.sources,
                &extraction,
                &[],
                diagnostics,
                &path,
                command_line,
                configs,
            )
        }
        Unit::Yaml { path } => match backix_parser::input::read_text(path, options.max_file_size) {
            Ok(text) => yaml(
                &path.display().to_string(),
                Some(path),
                &text,
                command_line,
                configs,
            ),
            Err(message) => UnitResult {
                error: Some(message),
                ..UnitResult::default()
            },
        },
        Unit::Stdin {
            name,
            text,
            yaml: true,
        } => {
            let path = std::env::current_dir()
                .unwrap_or_else(|_| PathBuf::from("."))
                .join(name);
            self::yaml(name, Some(&path), text, command_line, configs)
        }
    }
}

fn yaml(
    name: &str,
    path: Option<&Path>,
    text: &str,
    command_line: &Overrides,
    configs: &Configs,
) -> UnitResult {
    let mut sources = SourceMap::new();
    let base = path.map_or_else(|| PathBuf::from(name), Path::to_path_buf);
    let empty = Extraction {
        version: backix_parser::module::extract::FORMAT_VERSION,
        systems: Vec::new(),
    };
    match backix_schema::borgmatic::load(&mut sources, name, text) {
        Ok(file) => check(
            &sources,
            &empty,
            std::slice::from_ref(&file),
            Vec::new(),
            &base,
            command_line,
            configs,
        ),
        Err(mut d) => {
            // Make sure the failure points at the file even when the reader gave no place.
            let known = sources
                .files()
                .find(|(_, f)| f.name == name)
                .map(|(id, _)| id);
            let id = match known {
                Some(id) => id,
                None => sources.add(name, path.map(Path::to_path_buf), text),
            };
            if d.span.is_none() {
                d.span = Some(Span::new(id, 0, 0));
            }
            check(
                &sources,
                &empty,
                &[],
                vec![*d],
                &base,
                command_line,
                configs,
            )
        }
    }
}

/// Runs the engine over one analysed unit and packs the result as plain data.
fn check(
    sources: &SourceMap,
    extraction: &Extraction,
    borgmatic: &[backix_schema::borgmatic::ConfigFile],
    analysis: Vec<Diagnostic>,
    base: &Path,
    command_line: &Overrides,
    configs: &Configs,
) -> UnitResult {
    let cx = Context::new(extraction, borgmatic, sources);
    let count = sources.files().count();
    let config_for = |file: Option<FileId>| {
        let path = file
            .filter(|f| (f.0 as usize) < count)
            .and_then(|f| sources.file(f).path.clone())
            .unwrap_or_else(|| base.to_path_buf());
        configs.for_file(Some(&path))
    };
    // Load every configuration in force now, so its problems are reported even when no
    // finding asks for it.
    for (_, f) in sources.files() {
        configs.for_file(Some(f.path.as_deref().unwrap_or(base)));
    }
    let settings = Settings {
        command_line,
        config_for: &config_for,
    };
    let outcome = engine::run(&cx, analysis, &settings);
    let texts = engine::secrets::masked_texts(sources, &outcome.secrets);
    let files = sources
        .files()
        .zip(texts)
        .map(|((_, f), text)| UnitFile {
            name: f.name.clone(),
            path: f.path.clone(),
            text,
        })
        .collect();
    UnitResult {
        files,
        findings: outcome.findings,
        suppressed: outcome.suppressed,
        error: None,
    }
}

/// Merges the workers' results, renders them and decides the exit code.
fn finish(args: &LintArgs, results: Vec<UnitResult>, configs: &Configs) -> u8 {
    let mut files: Vec<UnitFile> = Vec::new();
    let mut index = FileIndex::default();
    let mut findings = Vec::new();
    let mut suppressed = 0;
    let mut input_errors = Vec::new();
    for result in results {
        if let Some(e) = result.error {
            input_errors.push(e);
        }
        suppressed += result.suppressed;
        let ids: Vec<u32> = result
            .files
            .into_iter()
            .map(|f| merge_file(&mut files, &mut index, f))
            .collect();
        for mut d in result.findings {
            let remap = |s: Span| {
                ids.get(s.file.0 as usize)
                    .map(|&id| Span::new(FileId(id), s.start, s.end))
            };
            d.span = d.span.and_then(remap);
            d.labels = d
                .labels
                .into_iter()
                .filter_map(|mut l| {
                    l.span = remap(l.span)?;
                    Some(l)
                })
                .collect();
            d.secrets = d.secrets.into_iter().filter_map(remap).collect();
            findings.push(d);
        }
    }
    let files_checked = files.len();
    let mut sources = SourceMap::new();
    for f in files {
        sources.add(f.name, f.path, f.text);
    }
    for c in configs
        .loaded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
    {
        if c.problems.is_empty() {
            continue;
        }
        let id = sources.add(shown_name(&c.path), Some(c.path.clone()), c.text.clone());
        for p in &c.problems {
            let span = Span::new(id, p.range.start as u32, p.range.end as u32);
            let mut d = Diagnostic::warning(UNKNOWN_RULE, p.message.clone(), Some(span));
            d.help = p.help.clone();
            findings.push(d);
        }
    }
    engine::sort_and_dedup(&sources, &mut findings);
    let report = LintReport {
        sources: &sources,
        findings: &findings,
        files_checked,
        suppressed,
    };
    // People read human and github output: each file shows at most so many findings
    // (docs/limits.md). The machine formats keep every finding.
    let per_file = args.max_findings_per_file;
    match args.format {
        Format::Human => {
            let color = match args.color {
                ColorArg::Auto => Color::Auto,
                ColorArg::Always => Color::Always,
                ColorArg::Never => Color::Never,
            };
            let capped = findings_cap::cap(&sources, &findings, per_file);
            emit_to_stdout(&sources, &capped.shown, color);
            for (name, more) in &capped.hidden {
                println!("{}", findings_cap::closing_line(name, *more, per_file));
            }
        }
        Format::Json => print!("{}", report::json::render(&report)),
        Format::Sarif => print!("{}", report::sarif::render(&report)),
        Format::Github => {
            let capped = findings_cap::cap(&sources, &findings, per_file);
            let shown = LintReport {
                findings: &capped.shown,
                ..report
            };
            print!("{}", report::github::render(&shown));
            for (name, more) in &capped.hidden {
                let line = findings_cap::closing_line(name, *more, per_file);
                println!("::notice::{}", report::github::escape_data(&line));
            }
        }
    }
    let config_errors = configs.errors.lock().map(|e| e.clone()).unwrap_or_default();
    for e in input_errors.iter().chain(&config_errors) {
        eprintln!("error: {e}");
    }
    if args.format == Format::Human {
        eprintln!("{}", report::summary(&report));
    }
    let internal = findings.iter().any(|d| d.code == INTERNAL_ERROR);
    if internal || !input_errors.is_empty() || !config_errors.is_empty() {
        EXIT_USAGE
    } else if report.counts().errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Where [`merge_file`] finds a file merged before: the first index of each path, of each
/// name, and of each name among files without a path (a linear search made linting 10 000
/// files quadratic).
#[derive(Default)]
struct FileIndex {
    by_path: HashMap<PathBuf, usize>,
    by_name: HashMap<String, usize>,
    pathless_by_name: HashMap<String, usize>,
}

/// Adds a file to the merged list unless the same file is there already (then its masks are
/// combined); returns its index. The same file: the same path when both have one, else the
/// same name; the first such file in the list.
fn merge_file(files: &mut Vec<UnitFile>, index: &mut FileIndex, file: UnitFile) -> u32 {
    let same = match &file.path {
        Some(path) => {
            let by_path = index.by_path.get(path).copied();
            let by_name = index.pathless_by_name.get(&file.name).copied();
            by_path.into_iter().chain(by_name).min()
        }
        None => index.by_name.get(&file.name).copied(),
    };
    if let Some(i) = same {
        let existing = &mut files[i];
        if existing.text.len() == file.text.len() && existing.text != file.text {
            // Masked characters became `*` bytes whole, so marking every differing byte keeps
            // the text UTF-8.
            let merged: Vec<u8> = existing
                .text
                .bytes()
                .zip(file.text.bytes())
                .map(|(a, b)| if a == b { a } else { b'*' })
                .collect();
            if let Ok(text) = String::from_utf8(merged) {
                existing.text = text;
            }
        }
        return i as u32;
    }
    let i = files.len();
    match &file.path {
        Some(path) => index.by_path.entry(path.clone()).or_insert(i),
        None => index.pathless_by_name.entry(file.name.clone()).or_insert(i),
    };
    index.by_name.entry(file.name.clone()).or_insert(i);
    files.push(file);
    i as u32
}

/// A path as shown: relative to the current directory when below it.
fn shown_name(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}
