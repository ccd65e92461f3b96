//! Properties checked on generated inputs (proptest), each with a fixed seed and a small number
//! of cases so the suite stays fast and deterministic:
//!
//! 1. Nix that backix writes (the migration writer, `nix_string_literal`, `nix_attr_name`)
//!    parses and evaluates, with backix's evaluator, to the value it was written from; on a
//!    sample, the real `nix-instantiate --eval --strict --json` agrees.
//! 2. `services.borgbackup.jobs` → `migrate --to borgmatic` → back to jobs keeps every option
//!    the first step reports as carried exactly (compared on the manifests' options, which hold
//!    the module's defaults). The other direction (borgmatic YAML → jobs → YAML) is in
//!    `tests/migrate_roundtrip.rs`.
//! 3. Manifests are deterministic: the same configuration gives byte-identical manifests, and
//!    so does the configuration written in another order (jobs, options, dotted paths).
//! 4. YAML alias expansion is bounded: a generated "billion laughs" document loads when its
//!    expansion is small and fails quickly with the alias budget's message when it is large.
//!
//! More cases: `BACKIX_PROPTEST_CASES=N`; another seed: `BACKIX_PROPTEST_SEED=N` (a number).
//! A failure prints the smallest input proptest found.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use backix_emit::manifest::{self, Bindings};
use backix_emit::migrate::nix_expr::{Attr, NixExpr};
use backix_emit::migrate::report::Outcome;
use backix_emit::migrate::to_borgmatic;
use backix_emit::migrate::to_jobs::{self, Options};
use backix_parser::eval::{EvalOptions, Evaluator, StrictFailure};
use backix_parser::module::analyze;
use backix_parser::source::SourceMap;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value as Json, json};

/// A deterministic runner: `default_cases` cases unless `BACKIX_PROPTEST_CASES` says otherwise,
/// the fixed seed unless `BACKIX_PROPTEST_SEED` gives another, nothing written to disk.
fn runner(default_cases: u32) -> TestRunner {
    let cases = std::env::var("BACKIX_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = match std::env::var("BACKIX_PROPTEST_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(seed) => {
            let mut bytes = [0u8; 32];
            for chunk in bytes.chunks_mut(8) {
                chunk.copy_from_slice(&seed.to_le_bytes());
            }
            TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
        }
        None => TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    };
    TestRunner::new_with_rng(config, rng)
}

/// Runs a property, panicking with the minimal failing input.
fn check<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    if let Err(e) = runner(cases).run(&strategy, test) {
        panic!("{e}");
    }
}

/// Runs `f` on a thread with the command line's stack size.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

// ---------------------------------------------------------------------------------------------
// 1. Nix values written and read back
// ---------------------------------------------------------------------------------------------

/// A Nix value the writer can express.
#[derive(Clone, Debug)]
enum NixValue {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<NixValue>),
    /// Names are unique.
    Set(Vec<(String, NixValue)>),
}

/// Strings made of the pieces that trouble Nix writers.
fn nasty_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9/._-]{1,6}",
        1 => Just("\"".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("${".to_string()),
        1 => Just("$".to_string()),
        1 => Just("$${".to_string()),
        1 => Just("''".to_string()),
        1 => Just("'".to_string()),
        1 => Just("'${".to_string()),
        1 => Just("''${".to_string()),
        1 => Just("''\\".to_string()),
        1 => Just("}".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("\n  ".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("#".to_string()),
        1 => Just("/*".to_string()),
        1 => Just("é".to_string()),
        1 => Just("日本".to_string()),
        1 => Just("🦀".to_string()),
        1 => Just("\u{7f}\u{1}".to_string()),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

/// Attribute names: identifiers, keywords, names needing quotes, and nasty strings.
fn attr_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z_][a-zA-Z0-9_'-]{0,6}",
        1 => prop::sample::select(vec![
            "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or", "true",
            "null", "__proto__", "", "a.b", "1x", "-x", "x y", "${x}", "a'b",
        ])
        .prop_map(str::to_string),
        2 => nasty_string(),
    ]
}

fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => -1000i64..1000,
        2 => any::<i64>(),
        1 => Just(i64::MIN),
        1 => Just(i64::MAX),
    ]
}

fn nix_value() -> impl Strategy<Value = NixValue> {
    let leaf = prop_oneof![
        1 => Just(NixValue::Null),
        1 => any::<bool>().prop_map(NixValue::Bool),
        2 => int().prop_map(NixValue::Int),
        4 => nasty_string().prop_map(NixValue::Str),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(NixValue::List),
            proptest::collection::vec((attr_name(), inner), 0..6).prop_map(|pairs| {
                let mut seen = BTreeSet::new();
                NixValue::Set(
                    pairs
                        .into_iter()
                        .filter(|(n, _)| seen.insert(n.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

/// The value as the migration writer's expression (comments included: they must not change it).
fn to_expr(v: &NixValue) -> NixExpr {
    match v {
        NixValue::Null => NixExpr::Null,
        NixValue::Bool(b) => NixExpr::Bool(*b),
        NixValue::Int(i) => NixExpr::Int(*i),
        NixValue::Str(s) => NixExpr::str(s.clone()),
        NixValue::List(items) => {
            let mut out: Vec<NixExpr> = items.iter().map(to_expr).collect();
            if out.len() > 1 {
                out.insert(1, NixExpr::Comment("a comment in a list".into()));
            }
            NixExpr::List(out)
        }
        NixValue::Set(pairs) => NixExpr::Attrs(
            pairs
                .iter()
                .enumerate()
                .map(|(i, (n, v))| {
                    let attr = Attr::new(n.clone(), to_expr(v));
                    if i == 0 {
                        attr.with_comment("a comment above a binding")
                    } else {
                        attr
                    }
                })
                .collect(),
        ),
    }
}

/// The JSON Nix prints for the value.
fn to_json(v: &NixValue) -> Json {
    match v {
        NixValue::Null => Json::Null,
        NixValue::Bool(b) => json!(b),
        NixValue::Int(i) => json!(i),
        NixValue::Str(s) => json!(s),
        NixValue::List(items) => Json::Array(items.iter().map(to_json).collect()),
        NixValue::Set(pairs) => {
            Json::Object(pairs.iter().map(|(n, v)| (n.clone(), to_json(v))).collect())
        }
    }
}

/// Parses (rnix, through backix's front end) and evaluates Nix text with backix.
fn backix_value(src: &str) -> Result<Json, String> {
    let src = src.to_string();
    on_big_stack(move || {
        let mut sources = SourceMap::new();
        let id = sources.add("written.nix", None, src.as_str());
        let parsed = backix_parser::syntax::parse(&sources, id);
        if let Some(e) = parsed.errors.first() {
            return Err(format!("does not parse: {}", e.message));
        }
        match Evaluator::new(EvalOptions::default()).eval_strict_json("written.nix", None, &src) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("bad JSON {e}: {text}")),
            Err(StrictFailure::Syntax(d)) => Err(format!("syntax: {}", d[0].message)),
            Err(StrictFailure::Error(e)) => Err(format!("error: {}", e.message)),
            Err(StrictFailure::NotKnown(m)) => Err(format!("not known: {m}")),
        }
    })
}

#[test]
fn written_nix_evaluates_to_the_value_it_was_written_from() {
    check(64, nix_value(), |v| {
        let src = to_expr(&v).render();
        let got = backix_value(&src).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
        prop_assert_eq!(got, to_json(&v), "written as:\n{}", src);
        Ok(())
    });
}

#[test]
fn string_literals_and_attribute_names_read_back() {
    check(64, (nasty_string(), attr_name()), |(s, name)| {
        let src = format!(
            "{{ {} = {}; }}",
            backix_schema::view::nix_attr_name(&name),
            backix_schema::view::nix_string_literal(&s)
        );
        let got = backix_value(&src).map_err(|e| TestCaseError::fail(format!("{e}\n{src}")))?;
        prop_assert_eq!(got, one_binding(name, s), "written as:\n{}", src);
        Ok(())
    });
}

/// `{ name = s; }` as JSON.
fn one_binding(name: String, s: String) -> Json {
    let mut m = serde_json::Map::new();
    m.insert(name, Json::String(s));
    Json::Object(m)
}

/// Fails (never skips) when `nix-instantiate` is missing.
fn require_nix_instantiate() {
    let ok = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test needs Nix's nix-instantiate on PATH as its oracle; run scripts/setup"
    );
}

#[test]
fn nix_instantiate_reads_written_nix_as_backix_does() {
    require_nix_instantiate();
    // One process for the whole sample: a list of the written values.
    let mut runner = runner(20);
    let count = runner.config().cases as usize;
    let strategy = nix_value();
    let values: Vec<NixValue> = (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect();
    let mut items: Vec<NixExpr> = values.iter().map(to_expr).collect();
    // Strings alone as well: many of them, they are where writers go wrong.
    let strings = (nasty_string(), attr_name());
    let mut pairs = Vec::new();
    for _ in 0..count * 5 {
        let (s, n) = strings.new_tree(&mut runner).expect("a pair").current();
        items.push(NixExpr::Attrs(vec![Attr::new(
            n.clone(),
            NixExpr::str(s.clone()),
        )]));
        pairs.push(one_binding(n, s));
    }
    let src = NixExpr::List(items).render();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sample.nix");
    std::fs::write(&file, &src).expect("write");
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(&file)
        .output()
        .expect("nix-instantiate runs");
    assert!(
        out.status.success(),
        "nix-instantiate refused the written Nix: {}\n{src}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nix: Json = serde_json::from_slice(&out.stdout).expect("JSON from Nix");
    let mut expected: Vec<Json> = values.iter().map(to_json).collect();
    expected.extend(pairs);
    let nix = nix.as_array().expect("a list");
    assert_eq!(nix.len(), expected.len());
    for (i, (n, e)) in nix.iter().zip(&expected).enumerate() {
        assert_eq!(n, e, "element {i} of:\n{src}");
    }
    assert_eq!(
        backix_value(&src).expect("backix reads it"),
        Json::Array(expected)
    );
}

// ---------------------------------------------------------------------------------------------
// 2. jobs → borgmatic YAML → jobs
// ---------------------------------------------------------------------------------------------

/// A borg job within what `--to borgmatic` carries.
#[derive(Clone, Debug)]
struct BorgJob {
    name: String,
    paths: Vec<String>,
    repo: String,
    pass_command: Option<String>,
    compression: Option<String>,
    exclude: Vec<String>,
    keep: Vec<(String, NixExpr)>,
    extra_create: Vec<String>,
}

fn borg_job() -> impl Strategy<Value = BorgJob> {
    let path = "/(srv|home|var/lib|etc)(/[a-z]{1,6}){0,2}";
    let repo = prop_oneof![
        "/mnt/(backup|usb)/[a-z]{1,8}",
        "ssh://borg@nas\\.example\\.org(:2222)?/\\./[a-z]{1,8}",
        "borg@host\\.lan:[a-z]{1,8}",
    ];
    let keep = proptest::collection::btree_map(
        prop::sample::select(vec!["daily", "weekly", "monthly", "yearly", "hourly"]),
        1i64..30,
        0..4,
    );
    let within = proptest::option::of(prop::sample::select(vec!["1d", "2w", "12H", "3m"]));
    (
        "[a-z][a-z0-9]{0,6}",
        proptest::collection::vec(path, 1..4),
        repo,
        proptest::option::of(prop::sample::select(vec![
            "cat /run/keys/borg",
            "pass show borg",
            "cat '/run/secrets/borg pass'",
        ])),
        proptest::option::of(prop::sample::select(vec![
            "lz4",
            "zstd",
            "zstd,9",
            "auto,zstd,6",
            "none",
            "zlib,5",
            "lzma",
        ])),
        proptest::collection::vec(
            prop::sample::select(vec![
                "*.o",
                "/srv/tmp",
                "sh:**/.cache",
                "re:\\.pyc$",
                "*/node_modules",
            ]),
            0..3,
        ),
        keep,
        within,
        proptest::collection::vec(
            prop::sample::select(vec![
                "--one-file-system",
                "--exclude-caches",
                "--numeric-ids",
            ]),
            0..2,
        ),
    )
        .prop_map(
            |(name, paths, repo, pass, compression, exclude, keep, within, extra)| {
                let mut keep: Vec<(String, NixExpr)> = keep
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), NixExpr::Int(v)))
                    .collect();
                if let Some(w) = within {
                    keep.push(("within".into(), NixExpr::str(w)));
                }
                let mut extra_create: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
                extra_create.dedup();
                let mut exclude: Vec<String> = exclude.iter().map(|s| s.to_string()).collect();
                exclude.dedup();
                BorgJob {
                    name,
                    paths,
                    repo,
                    pass_command: pass.map(str::to_string),
                    compression: compression.map(str::to_string),
                    exclude,
                    keep,
                    extra_create,
                }
            },
        )
}

impl BorgJob {
    /// The job as a module, written by the migration writer.
    fn module(&self) -> String {
        let mut attrs = vec![
            Attr::new("paths", NixExpr::strs(self.paths.clone())),
            Attr::new("repo", NixExpr::str(self.repo.clone())),
        ];
        let encryption = match &self.pass_command {
            Some(c) => NixExpr::Attrs(vec![
                Attr::new("mode", NixExpr::str("repokey-blake2")),
                Attr::new("passCommand", NixExpr::str(c.clone())),
            ]),
            None => NixExpr::Attrs(vec![Attr::new("mode", NixExpr::str("none"))]),
        };
        attrs.push(Attr::new("encryption", encryption));
        if let Some(c) = &self.compression {
            attrs.push(Attr::new("compression", NixExpr::str(c.clone())));
        }
        if !self.exclude.is_empty() {
            attrs.push(Attr::new("exclude", NixExpr::strs(self.exclude.clone())));
        }
        if !self.keep.is_empty() {
            let keep = self
                .keep
                .iter()
                .map(|(k, v)| Attr::new(k.clone(), v.clone()))
                .collect();
            attrs.push(Attr::path(&["prune", "keep"], NixExpr::Attrs(keep)));
        }
        if !self.extra_create.is_empty() {
            attrs.push(Attr::new(
                "extraCreateArgs",
                NixExpr::str(self.extra_create.join(" ")),
            ));
        }
        jobs_module(&[(self.name.clone(), NixExpr::Attrs(attrs))])
    }
}

/// A NixOS module setting `services.borgbackup.jobs`.
fn jobs_module(jobs: &[(String, NixExpr)]) -> String {
    let jobs = NixExpr::Attrs(
        jobs.iter()
            .map(|(n, v)| Attr::new(n.clone(), v.clone()))
            .collect(),
    );
    format!(
        "{{ config, ... }}:\n{{\n  services.borgbackup.jobs = {};\n}}\n",
        jobs.render_at(1)
    )
}

/// Analyses one module file and returns what `f` makes of its extraction.
fn with_extraction<T: Send + 'static>(
    path: PathBuf,
    f: impl FnOnce(&backix_parser::module::Extraction) -> T + Send + 'static,
) -> T {
    on_big_stack(move || {
        let analysis = analyze(&[path], EvalOptions::default()).expect("analyze");
        f(&analysis.extraction)
    })
}

/// The options of each job of the manifest, as JSON, by job name.
fn manifest_options(extraction: &backix_parser::module::Extraction) -> Vec<(String, Json)> {
    manifest::build(extraction, &Bindings::default())
        .into_iter()
        .map(|b| {
            let json = serde_json::to_value(&b.job).expect("serializes");
            (b.job.name.clone(), json["options"].clone())
        })
        .collect()
}

/// The normalization of the round trip: `extra*Args` written as a string or as a list of words
/// are the same arguments (the manifest keeps the form the option was given in).
/// Likewise a repository written `user@host:path` is the URL `ssh://user@host/./path` (borgmatic
/// normalizes repositories to URLs).
fn words(v: &Json) -> Json {
    if let Some(repo) = v.as_str()
        && !repo.contains("://")
        && let Some((host, path)) = repo.split_once(':')
        && host.contains('@')
    {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/./{path}")
        };
        return json!(format!("ssh://{host}{path}"));
    }
    match v.as_object() {
        Some(m) if m.len() == 1 && m.contains_key("string") => Json::Array(
            m["string"]
                .as_str()
                .unwrap_or_default()
                .split_whitespace()
                .map(|w| json!(w))
                .collect(),
        ),
        Some(m) if m.len() == 1 && m.contains_key("list") => m["list"].clone(),
        _ => v.clone(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn borg_jobs_survive_a_round_trip_through_borgmatic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path().to_path_buf();
    let compared = std::cell::Cell::new(0usize);
    check(24, borg_job(), |job| {
        let src = job.module();
        let first = write(&dir, "jobs.nix", &src);
        let (options, converted) = with_extraction(first, |e| {
            let options = manifest_options(e);
            let converted: Vec<_> = to_borgmatic::from_extraction(e)
                .into_iter()
                .map(|c| {
                    c.map(|c| (c.config.render(), c.report))
                        .map_err(|r| r.reasons)
                })
                .collect();
            (options, converted)
        });
        prop_assert_eq!(converted.len(), 1);
        let (yaml, report) = converted[0]
            .clone()
            .map_err(|r| TestCaseError::fail(format!("refused: {r:?}\n{src}")))?;
        // Back: YAML → the job of `migrate`.
        let mut sources = SourceMap::new();
        let file = backix_schema::borgmatic::load(&mut sources, "back.yaml", &yaml)
            .map_err(|d| TestCaseError::fail(format!("{}\n{yaml}", d.message)))?;
        prop_assert!(!file.rejected(), "borgmatic would refuse:\n{}", yaml);
        let node = file.analysis.normalized.clone().expect("a mapping");
        let migration = to_jobs::from_config(&node, &job.name, &sources, &Options::default());
        prop_assert_eq!(migration.jobs.len(), 1);
        let back_src = jobs_module(&[(job.name.clone(), migration.jobs[0].value.clone())]);
        let second = write(&dir, "back.nix", &back_src);
        let back_options = with_extraction(second, manifest_options);
        let (a, b) = (&options[0].1, &back_options[0].1);
        let context = format!("{src}\n{yaml}\n{back_src}");
        // Every option the first step carried exactly comes back with its value.
        let prefix = format!("jobs.{}.", job.name);
        let option = |key: &str| key.strip_prefix(&prefix).unwrap_or(key).to_string();
        for r in report.iter().filter(|r| r.outcome == Outcome::Exact) {
            let pointer = format!("/{}", option(&r.key).replace('.', "/"));
            let (x, y) = (
                a.pointer(&pointer).map(words),
                b.pointer(&pointer).map(words),
            );
            prop_assert!(x.is_some(), "{} is not an option:\n{}", r.key, context);
            prop_assert_eq!(x, y, "{} changed:\n{}", r.key, context);
            compared.set(compared.get() + 1);
        }
        // What the job sets is among them.
        let mut set = vec!["paths".to_string(), "repo".to_string()];
        if !job.exclude.is_empty() {
            set.push("exclude".into());
        }
        if job.compression.is_some() {
            set.push("compression".into());
        }
        if job.pass_command.is_some() {
            set.push("encryption.passCommand".into());
        }
        set.extend(job.keep.iter().map(|(k, _)| format!("prune.keep.{k}")));
        for key in &set {
            prop_assert!(
                report
                    .iter()
                    .any(|r| option(&r.key) == *key && r.outcome == Outcome::Exact),
                "{} not carried exactly:\n{:?}\n{}",
                key,
                report,
                context
            );
        }
        Ok(())
    });
    assert!(
        compared.get() >= 24 * 4,
        "only {} options compared",
        compared.get()
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Manifests are deterministic
// ---------------------------------------------------------------------------------------------

/// One binding of a job: its path below the job and its value.
type Binding = (Vec<String>, NixExpr);

/// A configuration: borg and restic jobs, each a list of bindings.
#[derive(Clone, Debug)]
struct Config2 {
    borg: Vec<(String, Vec<Binding>)>,
    restic: Vec<(String, Vec<Binding>)>,
}

fn borg_bindings() -> impl Strategy<Value = Vec<Binding>> {
    (
        borg_job(),
        proptest::option::of(prop::sample::select(vec![
            "daily",
            "hourly",
            "*-*-* 02:00:00",
        ])),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop::sample::select(vec![
            "echo before",
            "systemctl stop db",
        ])),
    )
        .prop_map(|(job, start, persistent, pre)| {
            let p = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            let mut out: Vec<Binding> = vec![
                (p(&["paths"]), NixExpr::strs(job.paths.clone())),
                (p(&["repo"]), NixExpr::str(job.repo.clone())),
            ];
            match &job.pass_command {
                Some(c) => {
                    out.push((p(&["encryption", "mode"]), NixExpr::str("repokey")));
                    out.push((p(&["encryption", "passCommand"]), NixExpr::str(c.clone())));
                }
                None => out.push((p(&["encryption", "mode"]), NixExpr::str("none"))),
            }
            if let Some(c) = job.compression {
                out.push((p(&["compression"]), NixExpr::str(c)));
            }
            if !job.exclude.is_empty() {
                out.push((p(&["exclude"]), NixExpr::strs(job.exclude.clone())));
            }
            for (k, v) in job.keep {
                out.push((vec!["prune".into(), "keep".into(), k], v));
            }
            if let Some(s) = start {
                out.push((p(&["startAt"]), NixExpr::str(s)));
            }
            if let Some(b) = persistent {
                out.push((p(&["persistentTimer"]), NixExpr::Bool(b)));
            }
            if let Some(h) = pre {
                out.push((p(&["preHook"]), NixExpr::str(h)));
            }
            out
        })
}

fn restic_bindings() -> impl Strategy<Value = Vec<Binding>> {
    (
        proptest::collection::vec("/(srv|home|var)(/[a-z]{1,6}){0,2}", 1..3),
        prop_oneof![
            "/mnt/restic/[a-z]{1,6}",
            "sftp:backup@host:/[a-z]{1,6}",
            "s3:s3\\.amazonaws\\.com/[a-z]{3,8}",
        ],
        proptest::collection::vec(
            prop::sample::select(vec![
                "--keep-daily 7",
                "--keep-weekly 4",
                "--keep-monthly 6",
            ]),
            0..3,
        ),
        any::<bool>(),
        proptest::option::of(prop::sample::select(vec!["daily", "weekly"])),
    )
        .prop_map(|(paths, repository, prune, init, timer)| {
            let p = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            let mut out: Vec<Binding> = vec![
                (p(&["paths"]), NixExpr::strs(paths)),
                (p(&["repository"]), NixExpr::str(repository)),
                (p(&["passwordFile"]), NixExpr::str("/run/keys/restic")),
                (p(&["initialize"]), NixExpr::Bool(init)),
            ];
            if !prune.is_empty() {
                out.push((p(&["pruneOpts"]), NixExpr::strs(prune)));
            }
            if let Some(t) = timer {
                out.push((
                    p(&["timerConfig"]),
                    NixExpr::Attrs(vec![Attr::new("OnCalendar", NixExpr::str(t))]),
                ));
            }
            out
        })
}

fn configuration() -> impl Strategy<Value = (Config2, u64)> {
    let names = |prefix: &'static str| {
        proptest::collection::btree_set("[a-z]{1,6}", 1..4).prop_map(move |s| {
            s.into_iter()
                .map(|n| format!("{prefix}{n}"))
                .collect::<Vec<_>>()
        })
    };
    (
        names("b"),
        proptest::collection::vec(borg_bindings(), 4),
        names("r"),
        proptest::collection::vec(restic_bindings(), 4),
        0usize..3,
        any::<u64>(),
    )
        .prop_map(|(bn, bb, rn, rb, restic_count, seed)| {
            let borg = bn.into_iter().zip(bb).collect();
            let restic = rn.into_iter().zip(rb).take(restic_count).collect();
            (Config2 { borg, restic }, seed)
        })
}

/// A small deterministic shuffle (the order is what is under test, not the randomness).
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (*seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// The configuration as nested sets, in the given order.
fn nested(config: &Config2) -> String {
    let root = |jobs: &[(String, Vec<Binding>)]| {
        NixExpr::Attrs(
            jobs.iter()
                .map(|(name, bindings)| {
                    Attr::new(
                        name.clone(),
                        NixExpr::Attrs(
                            bindings
                                .iter()
                                .map(|(path, v)| {
                                    let path: Vec<&str> = path.iter().map(String::as_str).collect();
                                    Attr::path(&path, v.clone())
                                })
                                .collect(),
                        ),
                    )
                })
                .collect(),
        )
    };
    let mut attrs = vec![Attr::path(
        &["services", "borgbackup", "jobs"],
        root(&config.borg),
    )];
    if !config.restic.is_empty() {
        attrs.push(Attr::path(
            &["services", "restic", "backups"],
            root(&config.restic),
        ));
    }
    format!(
        "{{ config, pkgs, ... }}:\n{}",
        NixExpr::Attrs(attrs).render()
    )
}

/// The same configuration as one dotted binding per option, every binding shuffled, and the
/// restic jobs first.
fn dotted_shuffled(config: &Config2, mut seed: u64) -> String {
    let mut attrs = Vec::new();
    for (root, jobs) in [
        (["services", "restic", "backups"], &config.restic),
        (["services", "borgbackup", "jobs"], &config.borg),
    ] {
        for (name, bindings) in jobs {
            for (path, v) in bindings {
                let mut full: Vec<&str> = root.to_vec();
                full.push(name);
                full.extend(path.iter().map(String::as_str));
                attrs.push(Attr::path(&full, v.clone()));
            }
        }
    }
    shuffle(&mut attrs, &mut seed);
    format!(
        "{{ pkgs, config, ... }}:\n{}",
        NixExpr::Attrs(attrs).render()
    )
}

/// `backix emit` of `cfg.nix` in `dir`: the manifest's bytes.
fn emit(dir: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(["emit", "--hostname", "host", "cfg.nix"])
        .current_dir(dir)
        .output()
        .expect("backix runs");
    assert!(
        out.status.success(),
        "backix emit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn manifests_do_not_depend_on_runs_or_on_the_order_things_are_written() {
    let base = tempfile::tempdir().expect("temp dir");
    let base = base.path().to_path_buf();
    check(16, configuration(), |(config, seed)| {
        let (a, b) = (base.join("a"), base.join("b"));
        std::fs::create_dir_all(&a).expect("mkdir");
        std::fs::create_dir_all(&b).expect("mkdir");
        let first = nested(&config);
        let second = dotted_shuffled(&config, seed);
        write(&a, "cfg.nix", &first);
        write(&b, "cfg.nix", &second);
        let once = emit(&a);
        prop_assert_eq!(&once, &emit(&a), "two runs differ:\n{}", first);
        let manifest: Json = serde_json::from_slice(&once).expect("JSON");
        let jobs = manifest["jobs"].as_array().expect("jobs").len();
        prop_assert_eq!(jobs, config.borg.len() + config.restic.len());
        let other = emit(&b);
        prop_assert!(
            once == other,
            "the order changed the manifest:\n{}\n{}\n{}",
            first,
            second,
            first_difference(&once, &other)
        );
        Ok(())
    });
}

/// The first differing line of two outputs, for failure messages.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: {x:?} vs {y:?}", i + 1);
        }
    }
    format!("lengths {} and {}", a.len(), b.len())
}

// ---------------------------------------------------------------------------------------------
// 4. YAML alias bombs
// ---------------------------------------------------------------------------------------------

/// A borgmatic file with `depth` levels of anchors, each a list of `fanout` aliases of the level
/// below; returns it with the number of nodes its last level expands to.
fn alias_bomb(fanout: usize, depth: usize) -> (String, u64) {
    let mut text = String::from("source_directories: [/srv]\nrepositories: [{path: /r}]\n");
    text.push_str(&format!("l0: &l0 [{}]\n", vec!["x"; fanout].join(", ")));
    let mut size = fanout as u64 + 1;
    for level in 1..depth {
        let refs = vec![format!("*l{}", level - 1); fanout].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        size = size.saturating_mul(fanout as u64).saturating_add(1);
    }
    (text, size)
}

#[test]
fn yaml_alias_expansion_stays_within_its_budget() {
    check(24, (2usize..12, 2usize..12), |(fanout, depth)| {
        let (text, size) = alias_bomb(fanout, depth);
        let started = std::time::Instant::now();
        let mut sources = SourceMap::new();
        let loaded = backix_schema::borgmatic::load(&mut sources, "bomb.yaml", &text);
        let took = started.elapsed();
        prop_assert!(
            took < std::time::Duration::from_secs(3),
            "{took:?} for {size} nodes"
        );
        let refused = match &loaded {
            Err(d) => d
                .message
                .contains("YAML expands to more than 200000 values"),
            Ok(_) => false,
        };
        if size > 400_000 {
            prop_assert!(refused, "{} nodes were read:\n{}", size, text);
            if let Err(d) = &loaded {
                let at = sources.describe(d.span.expect("a place"));
                prop_assert!(at.starts_with("bomb.yaml:"), "{}", at);
            }
        } else if size < 100_000 {
            prop_assert!(loaded.is_ok(), "{} nodes refused:\n{}", size, text);
        }
        Ok(())
    });
}
