//! The lint engine with test-only checks: levels from defaults, `backix.toml` and the command
//! line; a panicking check; inline suppression; analysis diagnostics; secrets; order.

use std::path::Path;
use std::sync::Arc;

use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::module::extract::{Extraction, FORMAT_VERSION};
use backix_parser::source::{FileId, SourceMap, Span};
use backix_schema::config::{self, Config, Overrides, Selector};
use backix_schema::engine::{self, INTERNAL_ERROR, Outcome, Settings, UNKNOWN_RULE};
use backix_schema::rule::{Check, Context, Kind, Level, Rule};

const fn rule(code: &'static str, name: &'static str, default_level: Level) -> Rule {
    Rule {
        code,
        name,
        kind: Kind::Lint,
        default_level,
        summary: "test rule",
        why: "tests",
        bad: "x",
        good: "y",
        fix: "z",
    }
}

static FIXME_RULE: Rule = rule("BX901", "fixme-word", Level::Warn);
static SECRET_RULE: Rule = rule("BX902", "secret-word", Level::Deny);
static PANIC_RULE: Rule = rule("BX903", "always-panics", Level::Warn);
static OPT_IN_RULE: Rule = rule("BX904", "opt-in-word", Level::Allow);

/// Reports every `FIXME` in every file.
struct Fixme;
impl Check for Fixme {
    fn rule(&self) -> &'static Rule {
        &FIXME_RULE
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (id, f) in cx.sources.files() {
            for (at, _) in f.text.match_indices("FIXME") {
                let span = Span::new(id, at as u32, at as u32 + 5);
                out.push(Diagnostic::warning(
                    "ignored",
                    "a FIXME is left",
                    Some(span),
                ));
            }
        }
    }
}

/// Reports `pass = "..."`, marking the quoted text secret (and, wrongly, repeating it in the
/// message: the engine must remove it).
struct Secret;
impl Check for Secret {
    fn rule(&self) -> &'static Rule {
        &SECRET_RULE
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (id, f) in cx.sources.files() {
            for (at, _) in f.text.match_indices("pass = \"") {
                let start = at + 8;
                let len = f.text[start..].find('"').unwrap_or(0);
                let value = Span::new(id, start as u32, (start + len) as u32);
                out.push(
                    Diagnostic::error(
                        "x",
                        format!("secret {} in the store", &f.text[start..start + len]),
                        Some(value),
                    )
                    .with_secret(value),
                );
            }
        }
    }
}

struct Panics;
impl Check for Panics {
    fn rule(&self) -> &'static Rule {
        &PANIC_RULE
    }
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {
        panic!("deliberate test panic");
    }
}

/// Reports every `TODO`, but is off unless enabled.
struct OptIn;
impl Check for OptIn {
    fn rule(&self) -> &'static Rule {
        &OPT_IN_RULE
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (id, f) in cx.sources.files() {
            for (at, _) in f.text.match_indices("TODO") {
                let span = Span::new(id, at as u32, at as u32 + 4);
                out.push(Diagnostic::warning("x", "a TODO is left", Some(span)));
            }
        }
    }
}

const CHECKS: &[&dyn Check] = &[&Fixme, &Secret, &Panics, &OptIn];

fn run_with(
    files: &[(&str, &str)],
    analysis: impl FnOnce(&SourceMap) -> Vec<Diagnostic>,
    command_line: &Overrides,
    config: Option<Config>,
) -> (SourceMap, Outcome) {
    let mut sources = SourceMap::new();
    for (name, text) in files {
        sources.add(*name, None, *text);
    }
    let extraction = Extraction {
        version: FORMAT_VERSION,
        systems: Vec::new(),
    };
    let cx = Context::new(&extraction, &[], &sources);
    let config = config.map(Arc::new);
    let config_for = |_: Option<FileId>| config.clone();
    let settings = Settings {
        command_line,
        config_for: &config_for,
    };
    let outcome = engine::run_checks(CHECKS, &cx, analysis(&sources), &settings);
    (sources, outcome)
}

fn run(files: &[(&str, &str)]) -> (SourceMap, Outcome) {
    run_with(files, |_| Vec::new(), &Overrides::new(), None)
}

fn codes(outcome: &Outcome) -> Vec<&'static str> {
    outcome.findings.iter().map(|d| d.code).collect()
}

fn with_config(text: &str) -> Config {
    // Test rules are not in the registry: set their levels directly.
    let mut c = config::parse(Path::new("backix.toml"), "").unwrap();
    for line in text.lines() {
        let (name, level) = line.split_once('=').unwrap();
        let selector = match name.trim() {
            "all" => Selector::All,
            "fixme-word" => Selector::Rule(&FIXME_RULE),
            "opt-in-word" => Selector::Rule(&OPT_IN_RULE),
            other => Selector::parse(other).unwrap(),
        };
        c.overrides
            .set(selector, Level::parse(level.trim()).unwrap());
    }
    c
}

#[test]
fn a_panicking_check_is_one_internal_error_and_the_others_still_run() {
    engine::quiet_panics();
    let (_, out) = run(&[("a.nix", "{ x = \"FIXME\"; }")]);
    assert_eq!(codes(&out), vec![INTERNAL_ERROR, "BX901"]);
    let internal = &out.findings[0];
    assert_eq!(internal.severity, Severity::Error);
    assert!(
        internal.message.contains("BX903 (always-panics)")
            && internal.message.contains("deliberate test panic"),
        "{}",
        internal.message
    );
}

#[test]
fn levels_default_then_config_then_command_line() {
    let files = [("a.nix", "{ x = \"FIXME TODO\"; }")];
    let (_, out) = run(&files);
    let fixme = out.findings.iter().find(|d| d.code == "BX901").unwrap();
    assert_eq!(fixme.severity, Severity::Warning, "default warn");
    assert!(
        !codes(&out).contains(&"BX904"),
        "opt-in rule is off by default"
    );

    let config = with_config("fixme-word = deny\nopt-in-word = warn");
    let (_, out) = run_with(&files, |_| Vec::new(), &Overrides::new(), Some(config));
    let fixme = out.findings.iter().find(|d| d.code == "BX901").unwrap();
    assert_eq!(fixme.severity, Severity::Error, "config deny");
    assert!(codes(&out).contains(&"BX904"), "enabled by config");

    let mut cli = Overrides::new();
    cli.set(Selector::All, Level::Allow);
    let config = with_config("fixme-word = deny");
    let (_, out) = run_with(&files, |_| Vec::new(), &cli, Some(config));
    // Allowed checks do not run at all: nothing is reported, not even the panicking check.
    assert_eq!(
        codes(&out),
        Vec::<&str>::new(),
        "--allow all beats the config"
    );

    let mut cli = Overrides::new();
    cli.set(Selector::All, Level::Allow);
    cli.set(Selector::Rule(&FIXME_RULE), Level::Deny);
    let (_, out) = run_with(&files, |_| Vec::new(), &cli, None);
    assert_eq!(
        codes(&out),
        vec!["BX901"],
        "one rule denied over --allow all"
    );
    assert_eq!(out.findings[0].severity, Severity::Error);
}

#[test]
fn a_check_allowed_on_the_command_line_does_not_run() {
    let mut cli = Overrides::new();
    cli.set(Selector::Rule(&PANIC_RULE), Level::Allow);
    let (_, out) = run_with(&[("a.nix", "{ }")], |_| Vec::new(), &cli, None);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn suppression_on_the_line_and_the_line_above() {
    let text = "{\n  a = \"FIXME\"; # backix: allow BX901\n  # backix: allow fixme-word\n  b = \"FIXME\";\n  c = \"FIXME\";\n}\n";
    let (sources, out) = run(&[("a.nix", text)]);
    let lines: Vec<u32> = out
        .findings
        .iter()
        .filter(|d| d.code == "BX901")
        .map(|d| sources.location(d.span.unwrap()).line)
        .collect();
    assert_eq!(lines, vec![5], "only c is reported");
    assert_eq!(out.suppressed, 2);
}

#[test]
fn suppression_above_a_definition_covers_all_of_it() {
    let text = "{\n  # backix: allow BX901, BX902  the test job\n  jobs.home = {\n    a = \"FIXME\";\n    pass = \"hunter22\";\n  };\n  other = \"FIXME\";\n}\n";
    let (sources, out) = run(&[("a.nix", text)]);
    let reported: Vec<(&str, u32)> = out
        .findings
        .iter()
        .filter(|d| d.code != INTERNAL_ERROR)
        .map(|d| (d.code, sources.location(d.span.unwrap()).line))
        .collect();
    assert_eq!(reported, vec![("BX901", 7)]);
    assert_eq!(out.suppressed, 2);
}

#[test]
fn suppression_in_yaml() {
    let text = "# backix: allow BX901\nsource_directories:\n  - FIXME\n  - b\nrepositories:\n  - path: FIXME\n";
    let (sources, out) = run(&[("c.yaml", text)]);
    let lines: Vec<u32> = out
        .findings
        .iter()
        .filter(|d| d.code == "BX901")
        .map(|d| sources.location(d.span.unwrap()).line)
        .collect();
    assert_eq!(lines, vec![6]);
}

#[test]
fn unknown_codes_in_comments_are_reported() {
    let text = "{\n  # backix: allow BX9999\n  a = 1;\n}\n";
    let (sources, out) = run(&[("a.nix", text)]);
    let unknown: Vec<&Diagnostic> = out
        .findings
        .iter()
        .filter(|d| d.code == UNKNOWN_RULE)
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(sources.text(unknown[0].span.unwrap()), "BX9999");
    assert_eq!(unknown[0].severity, Severity::Warning);
}

#[test]
fn analysis_diagnostics_keep_their_codes_notes_are_dropped_errors_stay() {
    let text = "{\n  # backix: allow missing-import, nix-syntax\n  imports = [ ./gone.nix ];\n}\n";
    let (_, out) = run_with(
        &[("a.nix", text)],
        |sources| {
            let (id, _) = sources.files().next().unwrap();
            let at = Span::new(id, 60, 70);
            vec![
                Diagnostic::warning("missing-import", "gone", Some(at)),
                Diagnostic::error("nix-syntax", "bad", Some(at)),
                Diagnostic::new(Severity::Note, "unknown-import", "note", Some(at)),
            ]
        },
        &Overrides::new(),
        None,
    );
    let kept: Vec<_> = codes(&out)
        .into_iter()
        .filter(|c| *c != INTERNAL_ERROR)
        .collect();
    // The warning is suppressed; the error cannot be, so its code in the comment is
    // reported as unknown; the note is dropped.
    assert_eq!(kept, vec![UNKNOWN_RULE, "nix-syntax"]);
    assert_eq!(out.suppressed, 1);
}

#[test]
fn analysis_warnings_follow_levels() {
    let mut cli = Overrides::new();
    cli.set(Selector::parse("missing-import").unwrap(), Level::Deny);
    let (_, out) = run_with(
        &[("a.nix", "{ }")],
        |sources| {
            let (id, _) = sources.files().next().unwrap();
            vec![Diagnostic::warning(
                "missing-import",
                "gone",
                Some(Span::new(id, 0, 1)),
            )]
        },
        &cli,
        None,
    );
    let d = out
        .findings
        .iter()
        .find(|d| d.code == "missing-import")
        .unwrap();
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn secrets_are_masked_and_redacted() {
    let text = "{\n  pass = \"correct-horse\";\n  note = \"FIXME\";\n}\n";
    let (sources, out) = run(&[("a.nix", text)]);
    let secret = out.findings.iter().find(|d| d.code == "BX902").unwrap();
    assert_eq!(secret.severity, Severity::Error, "deny by default");
    assert!(
        !secret.message.contains("correct-horse"),
        "{}",
        secret.message
    );
    assert_eq!(out.secrets.len(), 1);
    let masked = engine::secrets::masked_texts(&sources, &out.secrets);
    assert!(!masked[0].contains("correct-horse"));
    assert_eq!(masked[0].len(), text.len());
    assert!(masked[0].contains("pass = \"*************\";"));
}

#[test]
fn findings_are_sorted_by_file_and_line_and_deduplicated() {
    let (sources, out) = run(&[
        ("b.nix", "FIXME\nFIXME\n"),
        ("a.nix", "x\nFIXME\n"),
        ("b.nix", "FIXME\nFIXME\n"),
    ]);
    let places: Vec<(String, u32)> = out
        .findings
        .iter()
        .filter(|d| d.code == "BX901")
        .map(|d| {
            let l = sources.location(d.span.unwrap());
            (l.file, l.line)
        })
        .collect();
    // The same text under two file ids gives two findings per line, not deduplicated
    // (different spans), but sorted together.
    assert_eq!(
        places,
        vec![
            ("a.nix".to_string(), 2),
            ("b.nix".to_string(), 1),
            ("b.nix".to_string(), 1),
            ("b.nix".to_string(), 2),
            ("b.nix".to_string(), 2),
        ]
    );
    let mut twice = vec![out.findings[1].clone(), out.findings[1].clone()];
    engine::sort_and_dedup(&sources, &mut twice);
    assert_eq!(twice.len(), 1);
}
