//! Differential test of backix's Nix evaluator against real Nix 2.8.
//!
//! Every case is evaluated twice, from the same working directory:
//!
//! * by the oracle: `nix-instantiate --eval --strict --json -` (expression on stdin; stdin instead
//!   of `-E EXPR` because Nix 2.8's argument parser takes an expression starting with `-`, such as
//!   `-1`, for an option), or `nix-instantiate --eval --strict --json FILE` for whole files;
//! * by backix: `backix eval --expr=EXPR` (the `=` form, again for expressions starting with `-`),
//!   or `backix eval --value FILE`.
//!
//! Rules: when Nix succeeds, backix must exit 0 and print Nix's stdout followed by one newline
//! (`nix-instantiate --json` itself prints no trailing newline). When Nix fails, backix must exit 1.
//! When Nix succeeds but backix exits 1 saying "not statically known", the case is counted as
//! unknown; the cases here never depend on the machine, so that count must be 0.
//!
//! Cases:
//! * `tests/eval_cases/*.txt`: hand-written expressions, one per block, blocks separated by a line
//!   `---`; blocks holding only `#` comments are skipped. Evaluated in `tests/eval_cases/`.
//! * `tests/eval_cases/files/*.nix`: whole-file cases (helpers they import live in `files/lib/`).
//! * a seeded generator of well-typed and ill-typed expressions (see [`ExprGen`]).
//!
//! Environment knobs (all optional): `BACKIX_DIFF_FILTER=text` runs only cases whose origin
//! (`strings.txt:12`, `generated #5`, `files/imports.nix`) contains `text`;
//! `BACKIX_DIFF_SEED=N` and `BACKIX_DIFF_COUNT=N` change the generator's seed and size;
//! `BACKIX_ALLOW_ANY_NIX=1` accepts a Nix other than 2.8 as the oracle;
//! `BACKIX_DIFF_DUMP=FILE` writes every case with both outcomes to FILE (to read generated ones).

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BACKIX: &str = env!("CARGO_BIN_EXE_backix");
const DEFAULT_SEED: u64 = 0x6261_636b_6978_0001;
const DEFAULT_GENERATED: usize = 260;
const MIN_HAND_WRITTEN: usize = 320;
const MIN_GENERATED: usize = 200;
const TIMEOUT: Duration = Duration::from_secs(30);
const THREADS: usize = 2;
const REPORT_IN_PANIC: usize = 40;

// ------------------------------------------------------------------------------------------------
// Cases

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Source {
    HandWritten,
    File,
    Generated,
}

#[derive(Debug)]
enum Input {
    /// An expression, evaluated with `dir` as the current directory.
    Expr(String),
    /// A file name relative to `dir`.
    File(String),
}

#[derive(Debug)]
struct Case {
    origin: String,
    source: Source,
    dir: PathBuf,
    input: Input,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval_cases")
}

/// Splits a case file into `(first line number, expression)` blocks.
fn split_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 1;
    for (index, line) in text.split('\n').enumerate() {
        if line.trim_end() == "---" {
            blocks.push((start, current.join("\n")));
            current.clear();
            start = index + 2;
        } else {
            current.push(line);
        }
    }
    blocks.push((start, current.join("\n")));
    blocks
        .into_iter()
        .filter_map(|(line, block)| {
            let trimmed = block.trim();
            let only_comments = trimmed
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
            (!only_comments).then(|| (line, trimmed.to_string()))
        })
        .collect()
}

fn sorted_entries(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == extension))
        .collect();
    paths.sort();
    paths
}

fn hand_written_cases() -> Vec<Case> {
    let dir = cases_dir();
    let mut cases = Vec::new();
    for path in sorted_entries(&dir, "txt") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (line, expr) in split_blocks(&text) {
            cases.push(Case {
                origin: format!("{name}:{line}"),
                source: Source::HandWritten,
                dir: dir.clone(),
                input: Input::Expr(expr),
            });
        }
    }
    cases
}

fn file_cases() -> Vec<Case> {
    let dir = cases_dir().join("files");
    sorted_entries(&dir, "nix")
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            Case {
                origin: format!("files/{name}"),
                source: Source::File,
                dir: dir.clone(),
                input: Input::File(name),
            }
        })
        .collect()
}

fn generated_cases(seed: u64, count: usize) -> Vec<Case> {
    let mut generator = ExprGen::new(seed);
    (0..count)
        .map(|n| Case {
            origin: format!("generated #{n} (seed {seed:#x})"),
            source: Source::Generated,
            dir: cases_dir(),
            input: Input::Expr(generator.top()),
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------
// Running the tools

struct Outcome {
    /// `None` when killed by a signal or by the timeout.
    code: Option<i32>,
    timed_out: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Outcome {
    fn succeeded(&self) -> bool {
        self.code == Some(0) && !self.timed_out
    }

    fn describe(&self) -> String {
        let status = match (self.timed_out, self.code) {
            (true, _) => format!("timed out after {}s", TIMEOUT.as_secs()),
            (false, Some(code)) => format!("exit {code}"),
            (false, None) => "killed by a signal".to_string(),
        };
        let stderr = String::from_utf8_lossy(&self.stderr);
        let mut stderr_lines: Vec<&str> = stderr.trim_end().lines().take(12).collect();
        if stderr.trim_end().lines().count() > stderr_lines.len() {
            stderr_lines.push("...");
        }
        format!(
            "{status}\n      stdout: {}\n      stderr: {}",
            shorten(&String::from_utf8_lossy(&self.stdout), 600),
            stderr_lines.join("\n              "),
        )
    }
}

/// `text` as a Rust string literal (so whitespace and newlines show), cut at `max` characters.
fn shorten(text: &str, max: usize) -> String {
    let escaped = format!("{text:?}");
    if escaped.chars().count() <= max {
        escaped
    } else {
        let cut: String = escaped.chars().take(max).collect();
        format!("{cut}... ({} bytes in all)", text.len())
    }
}

fn run(mut command: Command, stdin: Option<&str>) -> Outcome {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        // A broken pipe only means the program stopped reading; its exit status tells the rest.
        let _ = pipe.write_all(text.as_bytes());
    }
    let mut out_pipe = child.stdout.take().expect("stdout pipe");
    let mut err_pipe = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + TIMEOUT;
    let mut pause = Duration::from_millis(1);
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().expect("waiting for child") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().expect("waiting for killed child");
            }
            None => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
        }
    };
    Outcome {
        code: status.code(),
        timed_out,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

fn run_nix(case: &Case) -> Outcome {
    let mut command = Command::new("nix-instantiate");
    command
        .args(["--eval", "--strict", "--json"])
        .current_dir(&case.dir);
    match &case.input {
        Input::Expr(expr) => {
            command.arg("-");
            run(command, Some(expr))
        }
        Input::File(file) => {
            command.arg(file);
            run(command, None)
        }
    }
}

fn run_backix(case: &Case) -> Outcome {
    let mut command = Command::new(BACKIX);
    command.arg("eval").current_dir(&case.dir);
    match &case.input {
        Input::Expr(expr) => command.arg(format!("--expr={expr}")),
        Input::File(file) => command.args(["--value", file]),
    };
    run(command, None)
}

/// Fails the test, with a pointer to scripts/setup, when the oracle is missing or not Nix 2.8.
fn check_oracle() -> String {
    let output = match Command::new("nix-instantiate").arg("--version").output() {
        Ok(output) if output.status.success() => output,
        Ok(output) => panic!(
            "`nix-instantiate --version` failed ({}): run scripts/setup to install Nix 2.8\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) => panic!(
            "nix-instantiate is not on PATH ({e}): the differential test needs the real Nix 2.8 \
             as its oracle; run scripts/setup (or scripts/test, which runs it)"
        ),
    };
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let any_version = std::env::var_os("BACKIX_ALLOW_ANY_NIX").is_some_and(|v| v == "1");
    assert!(
        version.contains(" 2.8.") || any_version,
        "the differential test's oracle is Nix 2.8 (Debian 12 `nix-bin`), found `{version}`; \
         run scripts/setup on Debian 12, or set BACKIX_ALLOW_ANY_NIX=1 to compare anyway"
    );
    let smoke = run_nix(&Case {
        origin: "smoke".into(),
        source: Source::HandWritten,
        dir: cases_dir(),
        input: Input::Expr("1 + 1".into()),
    });
    assert!(
        smoke.succeeded() && smoke.stdout == b"2",
        "nix-instantiate cannot evaluate `1 + 1` here; run scripts/setup. Got: {}",
        smoke.describe()
    );
    version
}

// ------------------------------------------------------------------------------------------------
// Comparing

enum Verdict {
    Agree { nix_ok: bool },
    Unknown,
    Mismatch(String),
}

fn judge(nix: &Outcome, backix: &Outcome) -> Verdict {
    if nix.timed_out || nix.code.is_none() {
        return Verdict::Mismatch(
            "nix-instantiate itself did not finish: the case is unusable, change it".into(),
        );
    }
    if nix.succeeded() {
        let mut expected = nix.stdout.clone();
        if !expected.ends_with(b"\n") {
            expected.push(b'\n');
        }
        if backix.succeeded() && backix.stdout == expected {
            Verdict::Agree { nix_ok: true }
        } else if backix.code == Some(1)
            && String::from_utf8_lossy(&backix.stderr).contains("not statically known")
        {
            Verdict::Unknown
        } else if backix.succeeded() {
            Verdict::Mismatch(
                "both succeeded, but backix stdout is not nix stdout plus a newline".into(),
            )
        } else {
            Verdict::Mismatch("nix succeeded, backix failed".into())
        }
    } else if backix.code == Some(1) && !backix.timed_out {
        Verdict::Agree { nix_ok: false }
    } else if backix.succeeded() {
        Verdict::Mismatch("nix failed, backix succeeded (want exit 1)".into())
    } else {
        Verdict::Mismatch("nix failed, backix did not exit with 1".into())
    }
}

struct Finding {
    origin: String,
    source: Source,
    text: String,
}

fn render(case: &Case, why: &str, nix: &Outcome, backix: &Outcome) -> String {
    let input = match &case.input {
        Input::Expr(expr) => format!("expression:\n      {}", expr.replace('\n', "\n      ")),
        Input::File(file) => format!("file: {}", case.dir.join(file).display()),
    };
    format!(
        "--- {} — {why}\n  {input}\n  nix:    {}\n  backix: {}\n",
        case.origin,
        nix.describe(),
        backix.describe()
    )
}

#[derive(Default)]
struct Totals {
    cases: usize,
    hand_written: usize,
    files: usize,
    generated: usize,
    nix_ok: usize,
    nix_failed: usize,
    agreed: usize,
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={value}: {e}")))
}

#[test]
fn backix_eval_agrees_with_nix_instantiate() {
    let version = check_oracle();
    let seed = env_number("BACKIX_DIFF_SEED").unwrap_or(DEFAULT_SEED);
    let count = env_number("BACKIX_DIFF_COUNT").map_or(DEFAULT_GENERATED, |n| n as usize);
    let filter = std::env::var("BACKIX_DIFF_FILTER")
        .ok()
        .filter(|f| !f.is_empty());

    let mut cases = hand_written_cases();
    cases.extend(file_cases());
    cases.extend(generated_cases(seed, count));
    if let Some(filter) = &filter {
        cases.retain(|case| case.origin.contains(filter.as_str()));
        assert!(
            !cases.is_empty(),
            "BACKIX_DIFF_FILTER={filter} selects no case"
        );
    }

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Verdict, Option<String>)>> = Mutex::new(Vec::new());
    let dump_path = std::env::var_os("BACKIX_DIFF_DUMP").map(PathBuf::from);
    let dump: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let nix = run_nix(case);
                    let backix = run_backix(case);
                    let verdict = judge(&nix, &backix);
                    if dump_path.is_some() {
                        let text = render(case, "dump", &nix, &backix);
                        dump.lock().unwrap().push((index, text));
                    }
                    let detail = match &verdict {
                        Verdict::Agree { .. } => None,
                        Verdict::Unknown => {
                            Some(render(case, "backix: not statically known", &nix, &backix))
                        }
                        Verdict::Mismatch(why) => Some(render(case, why, &nix, &backix)),
                    };
                    results.lock().unwrap().push((index, verdict, detail));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    if let Some(path) = &dump_path {
        let mut dump = dump.into_inner().unwrap();
        dump.sort_by_key(|(index, _)| *index);
        let text: String = dump.into_iter().map(|(_, text)| text).collect();
        std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }
    results.sort_by_key(|(index, _, _)| *index);

    let mut totals = Totals::default();
    let mut mismatches: Vec<Finding> = Vec::new();
    let mut unknowns: Vec<Finding> = Vec::new();
    for (index, verdict, detail) in results {
        let case = &cases[index];
        totals.cases += 1;
        match case.source {
            Source::HandWritten => totals.hand_written += 1,
            Source::File => totals.files += 1,
            Source::Generated => totals.generated += 1,
        }
        let finding = |text: Option<String>| Finding {
            origin: case.origin.clone(),
            source: case.source,
            text: text.unwrap_or_default(),
        };
        match verdict {
            Verdict::Agree { nix_ok } => {
                totals.agreed += 1;
                if nix_ok {
                    totals.nix_ok += 1;
                } else {
                    totals.nix_failed += 1;
                }
            }
            Verdict::Unknown => {
                totals.nix_ok += 1;
                unknowns.push(finding(detail));
            }
            Verdict::Mismatch(_) => mismatches.push(finding(detail)),
        }
    }

    let summary = format!(
        "differential: {} expressions ({} hand-written, {} files, {} generated with seed {seed:#x}), \
         {} mismatches, {} not statically known; oracle {version}",
        totals.cases,
        totals.hand_written,
        totals.files,
        totals.generated,
        mismatches.len(),
        unknowns.len()
    );

    let mut report = String::new();
    for finding in mismatches.iter().chain(&unknowns) {
        report.push_str(&finding.text);
    }
    let report_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nix-differential-report.txt");
    std::fs::write(&report_path, format!("{summary}\n\n{report}"))
        .unwrap_or_else(|e| panic!("writing {}: {e}", report_path.display()));

    let mut failures = String::new();
    if !mismatches.is_empty() || !unknowns.is_empty() {
        let shown: Vec<&Finding> = mismatches
            .iter()
            .chain(&unknowns)
            .take(REPORT_IN_PANIC)
            .collect();
        for finding in &shown {
            failures.push_str(&finding.text);
        }
        let rest = mismatches.len() + unknowns.len() - shown.len();
        if rest > 0 {
            let _ = writeln!(failures, "... and {rest} more:");
            for finding in mismatches.iter().chain(&unknowns).skip(REPORT_IN_PANIC) {
                let _ = writeln!(failures, "    {} ({:?})", finding.origin, finding.source);
            }
        }
        let _ = writeln!(
            failures,
            "(when nix succeeds, backix must exit 0 and print nix's stdout plus one newline; when \
             nix fails, backix must exit 1)\nfull report: {}",
            report_path.display()
        );
    }
    assert!(
        mismatches.is_empty() && unknowns.is_empty(),
        "{summary}\n\n{failures}\n{summary}"
    );

    // Guards against a harness that passes vacuously (e.g. an oracle that fails on everything).
    if filter.is_none() {
        assert!(
            totals.hand_written >= MIN_HAND_WRITTEN,
            "{summary}: too few hand-written cases"
        );
        assert!(
            totals.generated >= MIN_GENERATED.min(count),
            "{summary}: too few generated cases"
        );
        assert!(totals.files >= 3, "{summary}: too few whole-file cases");
        assert!(
            totals.nix_ok * 2 > totals.cases && totals.nix_failed * 20 > totals.cases,
            "{summary}: implausible split between Nix successes ({}) and failures ({}); is the \
             oracle working?",
            totals.nix_ok,
            totals.nix_failed
        );
    }
    println!(
        "{summary}; {} agreed (nix ok {}, nix failed {})",
        totals.agreed, totals.nix_ok, totals.nix_failed
    );
}

/// The case files themselves: enough cases, no duplicates, well-formed files. Needs no tools.
#[test]
fn eval_case_files_are_well_formed() {
    let cases = hand_written_cases();
    assert!(
        cases.len() >= MIN_HAND_WRITTEN,
        "only {} hand-written cases in tests/eval_cases/*.txt, want at least {MIN_HAND_WRITTEN}",
        cases.len()
    );
    let mut seen = std::collections::HashMap::new();
    for case in &cases {
        let Input::Expr(expr) = &case.input else {
            unreachable!()
        };
        let key: Vec<&str> = expr
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        let key = key.join("\n").trim().to_string();
        assert!(!key.is_empty(), "{}: empty expression", case.origin);
        if let Some(first) = seen.insert(key, case.origin.clone()) {
            panic!("{} repeats the expression of {first}", case.origin);
        }
    }
    let files = file_cases();
    assert!(
        files.len() >= 3,
        "want at least 3 whole-file cases in tests/eval_cases/files/"
    );
    assert_eq!(
        split_blocks("# header only\n---\n1\n---\n\n---\n# c\n2 +\n  3\n"),
        vec![(3, "1".to_string()), (7, "# c\n2 +\n  3".to_string())]
    );
}

/// The generator is deterministic for a seed, and its output varies between seeds.
#[test]
fn expression_generator_is_deterministic() {
    let a: Vec<String> = (0..50)
        .map({
            let mut g = ExprGen::new(7);
            move |_| g.top()
        })
        .collect();
    let b: Vec<String> = (0..50)
        .map({
            let mut g = ExprGen::new(7);
            move |_| g.top()
        })
        .collect();
    let c: Vec<String> = (0..50)
        .map({
            let mut g = ExprGen::new(8);
            move |_| g.top()
        })
        .collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let distinct: std::collections::HashSet<&String> = a.iter().collect();
    assert!(
        distinct.len() > 45,
        "generator repeats itself: {} distinct of 50",
        distinct.len()
    );
}

// ------------------------------------------------------------------------------------------------
// The expression generator

/// SplitMix64: tiny, fast, and its output never changes between crate versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Int,
    Float,
    Bool,
    Str,
    IntList,
    StrList,
    Attrs,
}

const ALL_TYPES: [Ty; 7] = [
    Ty::Int,
    Ty::Float,
    Ty::Bool,
    Ty::Str,
    Ty::IntList,
    Ty::StrList,
    Ty::Attrs,
];
const NAMES: [&str; 10] = ["a", "b", "c", "x", "y", "n", "s", "v", "acc", "item"];
const KEYS: [&str; 8] = ["a", "b", "c", "name", "value", "x", "y", "Zed"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Binding {
    /// let, rec, lambda and formal bindings; `usable` is false while the binding's own value is
    /// generated, so generated code never recurses without end.
    Lexical { usable: bool },
    /// Attributes of a `with` whose keys the generator knows.
    With,
}

struct ScopeEntry {
    name: String,
    ty: Ty,
    binding: Binding,
}

/// Generates random Nix expressions, mostly well-typed; a few percent of the nodes get a value of
/// the wrong type, and natural errors (division by zero, `head []`, missing attributes, negative
/// `substring` starts) come on top, so Nix fails on a fair share of them.
struct ExprGen {
    rng: Rng,
    scope: Vec<ScopeEntry>,
    fresh: usize,
}

impl ExprGen {
    fn new(seed: u64) -> Self {
        ExprGen {
            rng: Rng(seed),
            scope: Vec::new(),
            fresh: 0,
        }
    }

    /// One complete expression.
    fn top(&mut self) -> String {
        self.scope.clear();
        let ty = *self.rng.pick(&ALL_TYPES);
        let depth = 2 + self.rng.below(3) as u32;
        match self.rng.below(10) {
            0 => format!(
                "{{ result = {}; other = {}; }}",
                self.expr(ty, depth),
                self.any(depth - 1)
            ),
            1 => format!("[ {} {} ]", self.expr(ty, depth), self.any(depth - 1)),
            2 => format!("builtins.toJSON {}", self.expr(ty, depth)),
            3 => format!("builtins.typeOf {}", self.expr(ty, depth)),
            _ => self.expr(ty, depth),
        }
    }

    fn fresh_name(&mut self) -> String {
        if self.rng.chance(70) {
            self.rng.pick(&NAMES).to_string()
        } else {
            self.fresh += 1;
            format!("v{}", self.fresh % 7)
        }
    }

    /// The type `name` has here: the innermost lexical binding wins over every `with`; among the
    /// `with`s the innermost wins. `None` when unbound or not usable yet.
    fn resolve(&self, name: &str) -> Option<Ty> {
        let lexical = self
            .scope
            .iter()
            .rev()
            .find(|e| e.name == name && matches!(e.binding, Binding::Lexical { .. }));
        match lexical {
            Some(ScopeEntry {
                binding: Binding::Lexical { usable: true },
                ty,
                ..
            }) => Some(*ty),
            Some(_) => None,
            None => self
                .scope
                .iter()
                .rev()
                .find(|e| e.name == name)
                .map(|e| e.ty),
        }
    }

    fn variable(&mut self, ty: Ty) -> Option<String> {
        let mut names: Vec<&str> = self
            .scope
            .iter()
            .map(|e| e.name.as_str())
            .filter(|name| self.resolve(name) == Some(ty))
            .collect();
        names.sort_unstable();
        names.dedup();
        if names.is_empty() {
            None
        } else {
            Some(self.rng.pick(&names).to_string())
        }
    }

    fn any(&mut self, depth: u32) -> String {
        let ty = *self.rng.pick(&ALL_TYPES);
        self.expr(ty, depth)
    }

    fn expr(&mut self, ty: Ty, depth: u32) -> String {
        // Ill-typed on purpose: a value of another type where `ty` is expected.
        if depth > 0 && self.rng.chance(5) {
            let other = *self.rng.pick(&ALL_TYPES);
            return self.typed(other, depth - 1);
        }
        if depth > 0 && self.rng.chance(12) {
            return self.binder(ty, depth);
        }
        if let Some(var) = (self.rng.chance(35)).then(|| self.variable(ty)).flatten() {
            return var;
        }
        self.typed(ty, depth)
    }

    /// let / with / rec / function application / laziness around an expression of type `ty`.
    fn binder(&mut self, ty: Ty, depth: u32) -> String {
        let mark = self.scope.len();
        let text = match self.rng.below(6) {
            0 | 1 => {
                // let with 1-3 bindings, all in scope (and shadowing) before any value is made.
                let count = 1 + self.rng.below(3);
                let mut bindings = Vec::new();
                for _ in 0..count {
                    let name = self.fresh_name();
                    if bindings.iter().any(|(n, _)| *n == name) {
                        continue;
                    }
                    let bty = *self.rng.pick(&ALL_TYPES);
                    self.scope.push(ScopeEntry {
                        name: name.clone(),
                        ty: bty,
                        binding: Binding::Lexical { usable: false },
                    });
                    bindings.push((name, bty));
                }
                let mut parts = String::new();
                for (i, (name, bty)) in bindings.iter().enumerate() {
                    let value = self.expr(*bty, depth - 1);
                    self.scope[mark + i].binding = Binding::Lexical { usable: true };
                    let _ = write!(parts, "{name} = {value}; ");
                }
                if self.rng.chance(15) {
                    parts.push_str("unused = throw \"generated: lazily unused\"; ");
                }
                let body = self.expr(ty, depth - 1);
                format!("(let {parts}in {body})")
            }
            2 => {
                // with over a literal set of known keys; lexical bindings still win.
                let (set, keys) = self.attrs_literal(depth - 1, false);
                for (key, kty) in keys {
                    self.scope.push(ScopeEntry {
                        name: key,
                        ty: kty,
                        binding: Binding::With,
                    });
                }
                let body = self.expr(ty, depth - 1);
                format!("(with {set}; {body})")
            }
            3 => {
                // a function with formals, defaults referring to earlier formals, maybe @-pattern
                let p = self.fresh_name();
                let q = loop {
                    let q = self.fresh_name();
                    if q != p {
                        break q;
                    }
                };
                let (pty, qty) = (*self.rng.pick(&ALL_TYPES), *self.rng.pick(&ALL_TYPES));
                let p_value = self.expr(pty, depth - 1);
                let q_value = self.rng.chance(40).then(|| self.expr(qty, depth - 1));
                let ill = self.rng.chance(8);
                let mut args = format!("{p} = {p_value};");
                if let Some(q_value) = &q_value {
                    let _ = write!(args, " {q} = {q_value};");
                }
                if ill {
                    args.push_str(" unexpected = 1;");
                }
                self.scope.push(ScopeEntry {
                    name: p.clone(),
                    ty: pty,
                    binding: Binding::Lexical { usable: true },
                });
                self.scope.push(ScopeEntry {
                    name: q.clone(),
                    ty: qty,
                    binding: Binding::Lexical { usable: false },
                });
                let default = self.expr(qty, depth - 1);
                let at = self.rng.chance(30);
                if at {
                    self.scope.push(ScopeEntry {
                        name: "args".into(),
                        ty: Ty::Attrs,
                        binding: Binding::Lexical { usable: true },
                    });
                }
                self.scope[mark + 1].binding = Binding::Lexical { usable: true };
                let body = self.expr(ty, depth - 1);
                let formals = format!("{{ {p}, {q} ? {default} }}");
                let pattern = match (at, self.rng.chance(50)) {
                    (false, _) => formals,
                    (true, true) => format!("args@{formals}"),
                    (true, false) => format!("{formals}@args"),
                };
                format!("(({pattern}: {body}) {{ {args} }})")
            }
            4 => {
                // rec set: fields see each other; select one field of the expected type
                let count = 1 + self.rng.below(3);
                let mut fields = Vec::new();
                for i in 0..count {
                    let key = KEYS[(i + self.rng.below(KEYS.len())) % KEYS.len()].to_string();
                    if fields.iter().any(|(k, _)| *k == key) {
                        continue;
                    }
                    let fty = *self.rng.pick(&ALL_TYPES);
                    self.scope.push(ScopeEntry {
                        name: key.clone(),
                        ty: fty,
                        binding: Binding::Lexical { usable: false },
                    });
                    fields.push((key, fty));
                }
                let result_key = "result";
                self.scope.push(ScopeEntry {
                    name: result_key.into(),
                    ty,
                    binding: Binding::Lexical { usable: false },
                });
                let mut body = String::new();
                for (i, (key, fty)) in fields.iter().enumerate() {
                    let value = self.expr(*fty, depth - 1);
                    self.scope[mark + i].binding = Binding::Lexical { usable: true };
                    let _ = write!(body, "{key} = {value}; ");
                }
                let result = self.expr(ty, depth - 1);
                format!("(rec {{ {body}{result_key} = {result}; }}).{result_key}")
            }
            _ => {
                // laziness: a sibling attribute that throws is never forced
                let value = self.expr(ty, depth - 1);
                match self.rng.below(3) {
                    0 => format!(
                        "({{ keep = {value}; drop = throw \"generated: never forced\"; }}).keep"
                    ),
                    1 => format!(
                        "(builtins.head [ {value} (throw \"generated: tail not forced\") ])"
                    ),
                    _ => format!("(if true then {value} else throw \"generated: else not taken\")"),
                }
            }
        };
        self.scope.truncate(mark);
        text
    }

    /// A literal attribute set, and the keys (with types) it is known to have.
    fn attrs_literal(&mut self, depth: u32, allow_dynamic: bool) -> (String, Vec<(String, Ty)>) {
        let count = self.rng.below(4);
        let mut keys: Vec<(String, Ty)> = Vec::new();
        let mut text = String::from("{ ");
        for _ in 0..count {
            let key = self.rng.pick(&KEYS).to_string();
            if keys.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let kty = *self.rng.pick(&ALL_TYPES);
            let value = self.expr(kty, depth.saturating_sub(1));
            let written = match (allow_dynamic, self.rng.below(8)) {
                (true, 0) => format!("${{\"{key}\"}}"),
                (_, 1) => format!("\"{key}\""),
                _ => key.clone(),
            };
            let _ = write!(text, "{written} = {value}; ");
            keys.push((key, kty));
        }
        text.push('}');
        (text, keys)
    }

    fn int_literal(&mut self) -> String {
        match self.rng.below(12) {
            0 => "9223372036854775807".into(),
            1 => "(-9223372036854775807)".into(),
            2 => "0".into(),
            3 | 4 => format!("(-{})", 1 + self.rng.below(20)),
            _ => self.rng.below(100).to_string(),
        }
    }

    fn float_literal(&mut self) -> String {
        const FLOATS: [&str; 14] = [
            "0.5",
            "1.25",
            "2.0",
            "3.75",
            "0.1",
            "100.5",
            "1.0e-3",
            "6.5e10",
            ".25",
            "1.",
            "0.3",
            "123456.789",
            "7.0e5",
            "2.5e-7",
        ];
        let text = *self.rng.pick(&FLOATS);
        if self.rng.chance(20) {
            format!("(-{text})")
        } else {
            text.to_string()
        }
    }

    fn string_literal(&mut self) -> String {
        const STRINGS: [&str; 14] = [
            "",
            "a",
            "b",
            "hello",
            "Hello World",
            "x,y,z",
            "tab\tsep",
            "line\nbreak",
            "quote\"d",
            "back\\slash",
            "dollar $ sign",
            "${literal}",
            "ünïcödé",
            "/home/user/.cache",
        ];
        nix_string(self.rng.pick_str(&STRINGS))
    }

    fn typed(&mut self, ty: Ty, depth: u32) -> String {
        if depth == 0 {
            return self.leaf(ty);
        }
        let d = depth - 1;
        match ty {
            Ty::Int => match self.rng.below(13) {
                0 => format!("({} + {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                1 => format!("({} - {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                2 => format!("({} * {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                3 => format!("({} / {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                4 => format!("(builtins.length {})", self.list(d)),
                5 => format!("(builtins.stringLength {})", self.expr(Ty::Str, d)),
                6 => format!(
                    "(if {} then {} else {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Int, d),
                    self.expr(Ty::Int, d)
                ),
                7 => format!(
                    "(builtins.foldl' (acc: x: acc + x) {} {})",
                    self.expr(Ty::Int, d),
                    self.expr(Ty::IntList, d)
                ),
                8 => {
                    let index = if self.rng.chance(70) {
                        0
                    } else {
                        self.rng.below(4)
                    };
                    format!("(builtins.elemAt {} {index})", self.expr(Ty::IntList, d))
                }
                9 => {
                    let op = *self
                        .rng
                        .pick(&["bitAnd", "bitOr", "bitXor", "add", "sub", "mul"]);
                    format!(
                        "(builtins.{op} {} {})",
                        self.expr(Ty::Int, d),
                        self.expr(Ty::Int, d)
                    )
                }
                10 => {
                    let (set, keys) = self.attrs_literal(d, true);
                    self.select(&set, &keys, Ty::Int, d)
                }
                // Only literals: ceil/floor of a float outside the i64 range is undefined in C++.
                11 => format!(
                    "(builtins.{} {})",
                    self.rng.pick(&["ceil", "floor"]),
                    self.float_literal()
                ),
                _ => format!("(-{})", self.expr(Ty::Int, d)),
            },
            Ty::Float => match self.rng.below(7) {
                0 => format!("({} + {})", self.expr(Ty::Float, d), self.expr(Ty::Int, d)),
                1 => format!("({} * {})", self.expr(Ty::Int, d), self.expr(Ty::Float, d)),
                2 => format!(
                    "({} - {})",
                    self.expr(Ty::Float, d),
                    self.expr(Ty::Float, d)
                ),
                3 => format!(
                    "({} / {})",
                    self.expr(Ty::Float, d),
                    self.expr(Ty::Float, d)
                ),
                4 => format!("({} / {})", self.expr(Ty::Int, d), self.float_literal()),
                5 => format!(
                    "(if {} then {} else {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Float, d),
                    self.float_literal()
                ),
                _ => format!(
                    "(builtins.div {} {})",
                    self.expr(Ty::Float, d),
                    self.expr(Ty::Int, d)
                ),
            },
            Ty::Bool => match self.rng.below(14) {
                0 => format!("({} < {})", self.expr(Ty::Int, d), self.expr(Ty::Int, d)),
                1 => format!("({} <= {})", self.expr(Ty::Float, d), self.expr(Ty::Int, d)),
                2 => format!("({} == {})", self.any(d), self.any(d)),
                3 => format!("({} != {})", self.expr(Ty::Str, d), self.expr(Ty::Str, d)),
                4 => format!("(!{})", self.expr(Ty::Bool, d)),
                5 => format!("({} && {})", self.expr(Ty::Bool, d), self.expr(Ty::Bool, d)),
                6 => format!("({} || {})", self.expr(Ty::Bool, d), self.expr(Ty::Bool, d)),
                7 => format!("({} -> {})", self.expr(Ty::Bool, d), self.expr(Ty::Bool, d)),
                8 => {
                    let key = *self.rng.pick(&KEYS);
                    format!("({} ? {key})", self.expr(Ty::Attrs, d))
                }
                9 => format!(
                    "(builtins.elem {} {})",
                    self.expr(Ty::Int, d),
                    self.expr(Ty::IntList, d)
                ),
                10 => {
                    let f = *self.rng.pick(&["any", "all"]);
                    let body = self.lambda_body("x", Ty::Int, Ty::Bool, d);
                    format!("(builtins.{f} (x: {body}) {})", self.expr(Ty::IntList, d))
                }
                11 => {
                    let pred = *self.rng.pick(&[
                        "isInt", "isFloat", "isString", "isList", "isAttrs", "isBool", "isNull",
                    ]);
                    format!("(builtins.{pred} {})", self.any(d))
                }
                12 => format!("({} < {})", self.expr(Ty::Str, d), self.expr(Ty::Str, d)),
                _ => format!(
                    "(builtins.hasAttr {} {})",
                    self.string_literal(),
                    self.expr(Ty::Attrs, d)
                ),
            },
            Ty::Str => match self.rng.below(15) {
                0 => format!("({} + {})", self.expr(Ty::Str, d), self.expr(Ty::Str, d)),
                1 => format!("\"<${{{}}}>\"", self.expr(Ty::Str, d)),
                2 => format!("(toString {})", self.expr(Ty::Int, d)),
                3 => format!("(toString {})", self.expr(Ty::Float, d)),
                4 => format!("(toString {})", self.any(d)),
                5 => format!(
                    "(builtins.concatStringsSep {} {})",
                    self.string_literal(),
                    self.expr(Ty::StrList, d)
                ),
                6 => format!(
                    "(builtins.substring {} {} {})",
                    self.int_literal_small(),
                    self.int_literal_small(),
                    self.expr(Ty::Str, d)
                ),
                7 => format!(
                    "(builtins.replaceStrings [ {} ] [ {} ] {})",
                    self.string_literal(),
                    self.string_literal(),
                    self.expr(Ty::Str, d)
                ),
                8 => format!("(builtins.toJSON {})", self.any(d)),
                9 => format!("(builtins.typeOf {})", self.any(d)),
                10 => format!("(builtins.head {})", self.expr(Ty::StrList, d)),
                11 => format!(
                    "''\n  line one ${{{}}}\n    indented\n''",
                    self.expr(Ty::Str, d)
                ),
                12 => {
                    let (set, keys) = self.attrs_literal(d, true);
                    self.select(&set, &keys, Ty::Str, d)
                }
                13 => format!("\"{{ ${{toString {}}} }}\"", self.expr(Ty::Int, d)),
                _ => format!(
                    "(if {} then {} else {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Str, d),
                    self.expr(Ty::Str, d)
                ),
            },
            Ty::IntList => match self.rng.below(10) {
                0 | 1 => {
                    let n = self.rng.below(4);
                    let items: Vec<String> = (0..n).map(|_| self.expr(Ty::Int, d)).collect();
                    format!("[ {} ]", items.join(" "))
                }
                2 => format!(
                    "({} ++ {})",
                    self.expr(Ty::IntList, d),
                    self.expr(Ty::IntList, d)
                ),
                3 => {
                    let body = self.lambda_body("x", Ty::Int, Ty::Int, d);
                    format!("(map (x: {body}) {})", self.expr(Ty::IntList, d))
                }
                4 => {
                    let body = self.lambda_body("x", Ty::Int, Ty::Bool, d);
                    format!(
                        "(builtins.filter (x: {body}) {})",
                        self.expr(Ty::IntList, d)
                    )
                }
                5 => {
                    let body = self.lambda_body("i", Ty::Int, Ty::Int, d);
                    format!("(builtins.genList (i: {body}) {})", self.rng.below(6))
                }
                6 => format!(
                    "(builtins.sort builtins.lessThan {})",
                    self.expr(Ty::IntList, d)
                ),
                7 => format!("(builtins.tail {})", self.expr(Ty::IntList, d)),
                8 => format!(
                    "(builtins.map builtins.stringLength {})",
                    self.expr(Ty::StrList, d)
                ),
                _ => format!(
                    "(builtins.concatLists [ {} {} ])",
                    self.expr(Ty::IntList, d),
                    self.expr(Ty::IntList, d)
                ),
            },
            Ty::StrList => match self.rng.below(8) {
                0 | 1 => {
                    let n = self.rng.below(4);
                    let items: Vec<String> = (0..n).map(|_| self.expr(Ty::Str, d)).collect();
                    format!("[ {} ]", items.join(" "))
                }
                2 => format!("(builtins.attrNames {})", self.expr(Ty::Attrs, d)),
                3 => format!("(map toString {})", self.expr(Ty::IntList, d)),
                4 => {
                    let body = self.lambda_body("s", Ty::Str, Ty::Str, d);
                    format!("(map (s: {body}) {})", self.expr(Ty::StrList, d))
                }
                5 => format!(
                    "(builtins.sort (p: q: p < q) {})",
                    self.expr(Ty::StrList, d)
                ),
                6 => format!(
                    "(builtins.filter builtins.isString (builtins.split {} {}))",
                    nix_string(self.rng.pick_str(&[",", " ", "l+", "(o)"])),
                    self.expr(Ty::Str, d)
                ),
                _ => format!(
                    "({} ++ {})",
                    self.expr(Ty::StrList, d),
                    self.expr(Ty::StrList, d)
                ),
            },
            Ty::Attrs => match self.rng.below(8) {
                0 | 1 => self.attrs_literal(d, true).0,
                2 => format!(
                    "({} // {})",
                    self.expr(Ty::Attrs, d),
                    self.expr(Ty::Attrs, d)
                ),
                3 => format!(
                    "(builtins.removeAttrs {} [ {} ])",
                    self.expr(Ty::Attrs, d),
                    self.string_literal()
                ),
                4 => {
                    let body = self.lambda_body("v", Ty::Int, Ty::Int, d);
                    format!(
                        "(builtins.mapAttrs (name: v: {body}) {{ a = {}; b = {}; }})",
                        self.expr(Ty::Int, d),
                        self.expr(Ty::Int, d)
                    )
                }
                5 => format!(
                    "(builtins.listToAttrs [ {{ name = {}; value = {}; }} {{ name = {}; value = {}; }} ])",
                    self.expr(Ty::Str, d),
                    self.any(d),
                    self.string_literal(),
                    self.any(d)
                ),
                6 => format!(
                    "(builtins.intersectAttrs {} {})",
                    self.expr(Ty::Attrs, d),
                    self.expr(Ty::Attrs, d)
                ),
                _ => {
                    let key = *self.rng.pick(&KEYS);
                    format!(
                        "{{ {key}.inner = {}; {key}.other = {}; }}",
                        self.any(d),
                        self.any(d)
                    )
                }
            },
        }
    }

    fn int_literal_small(&mut self) -> String {
        if self.rng.chance(10) {
            "(-1)".into()
        } else {
            self.rng.below(8).to_string()
        }
    }

    fn list(&mut self, depth: u32) -> String {
        let ty = *self.rng.pick(&[Ty::IntList, Ty::StrList]);
        self.expr(ty, depth)
    }

    /// Body of a one-argument lambda whose parameter `param` has type `param_ty`.
    fn lambda_body(&mut self, param: &str, param_ty: Ty, result: Ty, depth: u32) -> String {
        self.scope.push(ScopeEntry {
            name: param.into(),
            ty: param_ty,
            binding: Binding::Lexical { usable: true },
        });
        let body = if self.rng.chance(50) {
            match (param_ty, result) {
                (Ty::Int, Ty::Int) => format!("{param} * {}", self.expr(Ty::Int, depth)),
                (Ty::Int, Ty::Bool) => format!("{param} > {}", self.expr(Ty::Int, depth)),
                (Ty::Str, Ty::Str) => format!("{param} + {}", self.expr(Ty::Str, depth)),
                _ => self.expr(result, depth),
            }
        } else {
            self.expr(result, depth)
        };
        self.scope.pop();
        body
    }

    /// `set.key` for a key of type `ty` when the literal has one, else `set.key or fallback`.
    fn select(&mut self, set: &str, keys: &[(String, Ty)], ty: Ty, depth: u32) -> String {
        let matching: Vec<&String> = keys
            .iter()
            .filter(|(_, t)| *t == ty)
            .map(|(k, _)| k)
            .collect();
        if !matching.is_empty() && self.rng.chance(75) {
            let key = self.rng.pick(&matching).to_string();
            format!("({set}).{key}")
        } else {
            let key = *self.rng.pick(&KEYS);
            format!("(({set}).{key} or {})", self.expr(ty, depth))
        }
    }

    fn leaf(&mut self, ty: Ty) -> String {
        if let Some(var) = self.rng.chance(50).then(|| self.variable(ty)).flatten() {
            return var;
        }
        match ty {
            Ty::Int => self.int_literal(),
            Ty::Float => self.float_literal(),
            Ty::Bool => self.rng.pick(&["true", "false"]).to_string(),
            Ty::Str => self.string_literal(),
            Ty::IntList => {
                let n = self.rng.below(4);
                let items: Vec<String> = (0..n).map(|_| self.int_literal()).collect();
                format!("[ {} ]", items.join(" "))
            }
            Ty::StrList => {
                let n = self.rng.below(3);
                let items: Vec<String> = (0..n).map(|_| self.string_literal()).collect();
                format!("[ {} ]", items.join(" "))
            }
            Ty::Attrs => {
                let key = *self.rng.pick(&KEYS);
                let value = self.int_literal();
                format!("{{ {key} = {value}; }}")
            }
        }
    }
}

/// A double-quoted Nix string literal whose value is `text`.
fn nix_string(text: &str) -> String {
    format!("\"{}\"", escape_nix(text))
}

fn escape_nix(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out
}
