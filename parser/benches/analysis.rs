//! Benchmarks of parsing, evaluation and extraction (`cargo bench -p backix-parser`).
//!
//! - `generated_tree/*`: a deterministic tree of NixOS hosts (about 10 MB of `.nix` files; see
//!   [`generate`] in `tree_gen/`, the generators shared with `bench/run`) written once into a
//!   temporary directory, then
//!   - `analyze`: [`analyze`] of the tree's root directory, end to end (walk, read, parse, lower,
//!     evaluate, merge, extract), as `backix eval DIR` does;
//!   - `load_systems`: the same without extraction (walk, read, parse, lower, collect modules);
//!   - `tokenize_rnix`: rnix's tokenizer alone over every file (texts already in memory);
//!   - `parse_rnix`: rnix's parser alone over every file (texts already in memory);
//!   - `parse_lower`: [`syntax::parse`] over every file: rnix, syntax diagnostics and lowering;
//!   - `parse_lower_scopes`: [`Evaluator::parse_source`] over every file: the above plus the
//!     static scope check, as every `import` does.
//!
//!   Every routine includes freeing what it built.
//! - `corpus/analyze_each_file`: [`analyze`] of every file of `../shared/corpus/nix`, one at a
//!   time, as `parser/tests/corpus.rs` does; skipped with a message when the corpus is absent.
//!
//! Under `cargo test --benches` (criterion's test mode, each routine run once) the tree has a few
//! hosts only, so the debug build stays fast.
//!
//! `BACKIX_BENCH_TREE_OUT=DIR cargo bench -p backix-parser --bench analysis` writes the full tree
//! into `DIR` (which must be absent or empty), prints its size and exits without benchmarking:
//! for measuring `backix eval DIR` from outside.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use backix_parser::diagnostic::Severity;
use backix_parser::eval::{EvalOptions, Evaluator};
use backix_parser::module::extract::{ModuleKind, OptionNode};
use backix_parser::module::{analyze, input_files, load_systems};
use backix_parser::source::SourceMap;
use backix_parser::syntax;
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

use tree_gen::{Tree, generate};

mod tree_gen;

/// Hosts of the full tree; with `tree_gen::APPS_PER_HOST` it comes to about 10 MB.
const FULL_HOSTS: usize = 500;
/// Hosts of the tree used in test mode.
const TEST_HOSTS: usize = 3;

fn main() {
    // The evaluator recurses deeply; give it the stack the CLI gives it.
    let worker = std::thread::Builder::new()
        .name("bench".into())
        .stack_size(256 << 20)
        .spawn(run)
        .expect("spawn the benchmark thread");
    if worker.join().is_err() {
        std::process::exit(101);
    }
}

fn run() {
    if let Some(out) = std::env::var_os("BACKIX_BENCH_TREE_OUT") {
        let out = PathBuf::from(out);
        if out.exists() && std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
            eprintln!(
                "{}: not empty; give an absent or empty directory",
                out.display()
            );
            std::process::exit(2);
        }
        let tree = generate(&out, FULL_HOSTS);
        println!(
            "wrote {} files, {} bytes, into {}",
            tree.files.len(),
            tree.bytes,
            out.display()
        );
        return;
    }
    let test_mode = is_test_mode();
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    generated_tree(&mut c, test_mode);
    corpus(&mut c);
    c.final_summary();
}

/// Whether criterion runs in test mode (`cargo test --benches`, or `cargo bench -- --test`):
/// without `--bench` on the command line, or with `--test`.
fn is_test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

fn generated_tree(c: &mut Criterion, test_mode: bool) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let hosts = if test_mode { TEST_HOSTS } else { FULL_HOSTS };
    let tree = generate(dir.path(), hosts);
    let label = if test_mode {
        format!("{hosts}hosts")
    } else {
        format!("{}MB", (tree.bytes as f64 / 1e6).round())
    };
    let root = vec![dir.path().to_path_buf()];
    describe(&tree, &root);

    let texts: Vec<(PathBuf, String)> = tree
        .files
        .iter()
        .map(|p| {
            (
                p.clone(),
                std::fs::read_to_string(p).expect("read generated file"),
            )
        })
        .collect();
    let mut map = SourceMap::new();
    let ids: Vec<_> = texts
        .iter()
        .map(|(p, t)| map.add(p.display().to_string(), Some(p.clone()), t.as_str()))
        .collect();

    let mut group = c.benchmark_group("generated_tree");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Bytes(tree.bytes));
    group.bench_with_input(BenchmarkId::new("analyze", &label), &root, |b, root| {
        b.iter(|| {
            let analysis = analyze(root, EvalOptions::default()).expect("input accepted");
            black_box(analysis.extraction.systems.len())
        })
    });
    group.bench_with_input(
        BenchmarkId::new("load_systems", &label),
        &root,
        |b, root| {
            b.iter(|| {
                let files = input_files(root).expect("input accepted");
                let mut ev = Evaluator::new(EvalOptions::default());
                let systems = load_systems(&mut ev, &files);
                black_box(systems.len())
            })
        },
    );
    group.measurement_time(Duration::from_secs(10));
    group.bench_with_input(
        BenchmarkId::new("tokenize_rnix", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|(_, t)| rnix::tokenize(t).count())
                    .sum::<usize>()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("parse_rnix", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|(_, t)| rnix::Root::parse(t).errors().len())
                    .sum::<usize>()
            })
        },
    );
    group.bench_with_input(BenchmarkId::new("parse_lower", &label), &ids, |b, ids| {
        b.iter(|| {
            ids.iter()
                .map(|&id| syntax::parse(&map, id).errors.len())
                .sum::<usize>()
        })
    });
    group.bench_with_input(
        BenchmarkId::new("parse_lower_scopes", &label),
        &texts,
        |b, texts| {
            b.iter(|| {
                let mut ev = Evaluator::new(EvalOptions::default());
                texts
                    .iter()
                    .map(|(p, t)| {
                        let name = p.display().to_string();
                        ev.parse_source(&name, Some(p.clone()), t).1.len()
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/nix"
    ));
    if !dir.is_dir() {
        println!("corpus: {} is absent; no corpus benchmark", dir.display());
        return;
    }
    let all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "nix"))
        .map(|e| e.into_path())
        .collect();
    // Leave out files backix rejects or panics on: the corpus test reports those.
    let mut files = Vec::new();
    let mut left_out = 0usize;
    for file in all {
        let path = file.clone();
        let ok = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || analyze(&[path], EvalOptions::default()).is_ok())
            .expect("spawn")
            .join()
            .unwrap_or(false);
        if ok {
            files.push(file);
        } else {
            left_out += 1;
        }
    }
    if files.is_empty() {
        println!("corpus: no file of {} can be analysed", dir.display());
        return;
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "corpus: {} files, {} bytes ({} left out: rejected or panicking)",
        files.len(),
        bytes,
        left_out
    );
    let mut group = c.benchmark_group("corpus");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(bytes));
    group.bench_with_input(
        BenchmarkId::new("analyze_each_file", files.len()),
        &files,
        |b, files| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| {
                        analyze(std::slice::from_ref(f), EvalOptions::default())
                            .map_or(0, |a| a.extraction.systems.len())
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

/// Prints what the analysis of the tree finds, so that a run shows its input.
fn describe(tree: &Tree, root: &[PathBuf]) {
    let analysis = analyze(root, EvalOptions::default()).expect("input accepted");
    let systems = &analysis.extraction.systems;
    let roots: Vec<_> = systems.iter().flat_map(|s| &s.roots).collect();
    // Named entries: borg jobs and repositories, restic backups, borgmatic backups.
    let entries: usize = roots
        .iter()
        .map(|r| {
            let attrs = match (&r.value, r.module) {
                (_, ModuleKind::NixosBorgmatic | ModuleKind::HomeServicesBorgmatic) => None,
                (OptionNode::Set { attrs, .. }, ModuleKind::HomeProgramsBorgmatic) => {
                    match attrs.get("backups") {
                        Some(OptionNode::Set { attrs, .. }) => Some(attrs),
                        _ => None,
                    }
                }
                (OptionNode::Set { attrs, .. }, _) => Some(attrs),
                _ => None,
            };
            attrs.map_or(0, |a| a.len())
        })
        .sum();
    let stats = analysis.extraction.leaf_stats();
    let count = |s: Severity| {
        analysis
            .evaluator
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    // A file read by several module systems is parsed once for each of them.
    let sources = &analysis.evaluator.sources;
    let parsed_bytes: usize = sources.files().map(|(_, f)| f.text.len()).sum();
    println!(
        "generated tree: {} files, {} bytes ({} files, {} bytes parsed), {} systems, \
         {} option roots, {} named jobs/repos/backups, {} leaves ({} known), {} errors, \
         {} warnings, {} notes",
        tree.files.len(),
        tree.bytes,
        sources.files().count(),
        parsed_bytes,
        systems.len(),
        roots.len(),
        entries,
        stats.total,
        stats.known,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    if let Some(e) = analysis
        .evaluator
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        println!("first error: {}", e.message);
    }
}
