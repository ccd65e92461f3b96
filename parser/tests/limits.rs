//! Limits: deep nesting, large files, runaway evaluations and huge values end in clear errors,
//! never in a crash, a hang or unbounded memory.

use backix_parser::eval::{ErrorKind, EvalOptions, Evaluator, StrictFailure};
use backix_parser::module::analyze;

/// Evaluates on a thread with the command line's stack size, as `backix eval` does.
fn eval(src: &str, options: EvalOptions) -> Result<String, StrictFailure> {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || Evaluator::new(options).eval_strict_json("limits.nix", None, &src))
        .unwrap()
        .join()
        .expect("no panic")
}

fn error_kind(src: &str, options: EvalOptions) -> (ErrorKind, String) {
    match eval(src, options) {
        Err(StrictFailure::Error(e)) => (e.kind, e.message.clone()),
        Err(StrictFailure::Syntax(d)) => (ErrorKind::Syntax, d[0].message.clone()),
        Err(StrictFailure::NotKnown(m)) => panic!("not known: {m}"),
        Ok(v) => panic!("unexpectedly evaluated to {}", &v[..v.len().min(80)]),
    }
}

#[test]
fn deeply_nested_lists_parens_and_lets_are_syntax_errors_not_crashes() {
    let n = 100_000;
    let lists = format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
    let lets: String = (0..n)
        .map(|i| format!("let a{i} = {i}; in "))
        .collect::<String>()
        + "a0";
    for src in [lists, parens, lets] {
        let (kind, message) = error_kind(&src, EvalOptions::default());
        assert_eq!(kind, ErrorKind::Syntax);
        assert!(message.contains("nested deeper than"), "{message}");
    }
}

#[test]
fn long_dotted_paths_and_nesting_under_the_limit_evaluate() {
    let path: Vec<String> = (0..9_000).map(|i| format!("a{i}")).collect();
    let src = format!("{{ {} = 1; }}.{}", path.join("."), path.join("."));
    assert_eq!(
        eval(&src, EvalOptions::default()).ok().as_deref(),
        Some("1")
    );
    let nested = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let expected = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert_eq!(eval(&nested, EvalOptions::default()).ok(), Some(expected));
}

#[test]
fn infinite_recursion_is_reported_with_its_place() {
    let mut ev = Evaluator::new(EvalOptions::default());
    match ev.eval_strict_json("t.nix", None, "let\n  x = y;\n  y = x;\nin x") {
        Err(StrictFailure::Error(e)) => {
            assert_eq!(e.kind, ErrorKind::InfiniteRecursion);
            let at = ev.sources.describe(e.span.expect("a place"));
            assert!(at.starts_with("t.nix:"), "{at}");
        }
        _ => panic!("expected infinite recursion"),
    }
}

#[test]
fn runaway_evaluations_stop_at_the_step_budget() {
    let options = EvalOptions {
        max_steps: 100_000,
        ..EvalOptions::default()
    };
    let (kind, message) = error_kind(
        "builtins.length (builtins.filter (x: x > 0) (builtins.genList (x: x) 1000000))",
        options,
    );
    assert_eq!(kind, ErrorKind::Limit);
    assert!(message.contains("step budget"), "{message}");
}

#[test]
fn unbounded_recursion_stops_at_the_depth_limit() {
    let (kind, message) = error_kind("let f = n: 1 + f (n + 1); in f 0", EvalOptions::default());
    assert_eq!(kind, ErrorKind::Limit);
    assert!(message.contains("levels deep"), "{message}");
    // Recursion well under the limit works.
    let ok = eval(
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 2000",
        EvalOptions::default(),
    );
    assert_eq!(ok.ok().as_deref(), Some("2000"));
}

#[test]
fn huge_values_hit_the_size_limit() {
    let (kind, message) = error_kind(
        "builtins.length (builtins.genList (x: x) 1000000000)",
        EvalOptions::default(),
    );
    assert_eq!(kind, ErrorKind::Limit);
    assert!(message.contains("exceeds the limit"), "{message}");
    let doubling = "let d = s: s + s; in builtins.stringLength (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d \"xxxxxxxxxxxxxxxx\"))))))))))))))))))))))))))))";
    let (kind, _) = error_kind(doubling, EvalOptions::default());
    assert_eq!(kind, ErrorKind::Limit);
}

#[test]
fn a_ten_megabyte_module_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = String::from("{ ... }: {\n  services.borgbackup.jobs = {\n");
    let mut jobs = 0;
    while src.len() < 10 << 20 {
        src.push_str(&format!(
            "    job{jobs} = {{ repo = \"ssh://backup@host{jobs}.example/./repo\"; paths = [ \"/srv/data/{jobs}\" \"/var/lib/app{jobs}\" ]; encryption.mode = \"repokey-blake2\"; encryption.passCommand = \"cat /run/keys/{jobs}\"; startAt = \"daily\"; prune.keep = {{ daily = 7; weekly = 4; }}; }};\n"
        ));
        jobs += 1;
    }
    src.push_str("  };\n}\n");
    let path = dir.path().join("big.nix");
    std::fs::write(&path, &src).unwrap();
    let analysis = analyze(&[path], EvalOptions::default()).expect("accepted");
    let root = &analysis.extraction.systems[0].roots[0];
    let backix_parser::module::extract::OptionNode::Set { attrs, .. } = &root.value else {
        panic!()
    };
    assert_eq!(attrs.len(), jobs);
}
