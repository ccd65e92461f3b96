//! The lint report formats on a hand-built report: JSON fields, SARIF against the official
//! 2.1.0 schema, GitHub workflow commands, the human summary, and secrets in every format.

mod sarif_schema;

use backix_emit::diagnostics::render_to_string;
use backix_emit::report::{self, LintReport};
use backix_parser::diagnostic::{Diagnostic, Severity};
use backix_parser::source::{SourceMap, Span};

const PASSPHRASE: &str = "Tr0ub4dor&3-horse";

fn span_of(sources: &SourceMap, needle: &str) -> Span {
    let (id, f) = sources.files().next().unwrap();
    let at = f.text.find(needle).unwrap() as u32;
    Span::new(id, at, at + needle.len() as u32)
}

fn sample() -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let text = format!(
        "{{\n  services.borgbackup.jobs.home = {{\n    encryption.passphrase = \"{PASSPHRASE}\";\n    startAt = \"dialy\";\n  }};\n}}\n"
    );
    sources.add("hosts/a, b.nix", None, text);
    let secret = span_of(&sources, PASSPHRASE);
    let line = span_of(
        &sources,
        &format!("encryption.passphrase = \"{PASSPHRASE}\";"),
    );
    let start_at = span_of(&sources, "\"dialy\"");
    let job = span_of(&sources, "services.borgbackup.jobs.home");
    let findings = vec![
        Diagnostic::error(
            "BX0T1",
            "the passphrase is written into the world-readable store",
            Some(secret),
        )
        .with_secret(secret)
        .with_label(job, "in this job")
        .with_note("anyone on the machine can read it")
        .with_help("use encryption.passCommand"),
        // Shows the same line without marking the secret: it must be masked anyway.
        Diagnostic::warning(
            "BX1T2",
            "a line: with, commas\nand 100% newlines",
            Some(line),
        ),
        Diagnostic::warning(
            "BX1T3",
            "'dialy' is not a calendar expression",
            Some(start_at),
        ),
        Diagnostic::error("internal-error", "no place", None),
    ];
    (sources, findings)
}

fn report<'a>(sources: &'a SourceMap, findings: &'a [Diagnostic]) -> LintReport<'a> {
    LintReport {
        sources,
        findings,
        files_checked: 3,
        suppressed: 1,
    }
}

#[test]
fn json_has_every_field() {
    let (sources, findings) = sample();
    let text = report::json::render(&report(&sources, &findings));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "backix");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "BX0T1");
    assert_eq!(f["level"], "deny");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["location"]["file"], "hosts/a, b.nix");
    assert_eq!(f["location"]["line"], 3);
    assert_eq!(f["location"]["column"], 30);
    assert_eq!(f["location"]["end_line"], 3);
    assert_eq!(f["location"]["end_column"], 30 + PASSPHRASE.len() as u64);
    assert_eq!(f["labels"][0]["message"], "in this job");
    assert_eq!(f["labels"][0]["location"]["line"], 2);
    assert_eq!(f["notes"][0], "anyone on the machine can read it");
    assert_eq!(f["help"], "use encryption.passCommand");
    assert!(f["name"].is_null(), "test codes have no rule");
    assert_eq!(v["findings"][1]["level"], "warn");
    assert!(v["findings"][3]["location"].is_null());
    assert_eq!(
        v["summary"],
        serde_json::json!({"errors": 2, "warnings": 2, "files_with_findings": 1,
                           "files_checked": 3, "suppressed": 1})
    );
}

#[test]
fn github_commands_are_escaped() {
    let (sources, findings) = sample();
    let text = report::github::render(&report(&sources, &findings));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let col = 30 + PASSPHRASE.len();
    assert_eq!(
        lines[0],
        format!(
            "::error file=hosts/a%2C b.nix,line=3,col=30,endLine=3,endColumn={col},title=BX0T1::the passphrase is written into the world-readable store%0Anote: anyone on the machine can read it%0Ahelp: use encryption.passCommand"
        )
    );
    assert!(
        lines[1].starts_with("::warning file=hosts/a%2C b.nix,line=3,col=5,")
            && lines[1].ends_with("::a line: with, commas%0Aand 100%25 newlines"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[3], "::error title=internal-error::no place");
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let (sources, findings) = sample();
    let text = report::sarif::render(&report(&sources, &findings));
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "backix");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "BX0T1");
    assert_eq!(result["level"], "error");
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "hosts/a%2C%20b.nix");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 30);
    assert_eq!(
        result["relatedLocations"][0]["message"]["text"],
        "in this job"
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "BX0T1");
    assert!(run["results"][3].get("locations").is_none());
    sarif_schema::validate(&log);
}

#[test]
fn no_format_shows_a_secret() {
    let (sources, findings) = sample();
    let r = report(&sources, &findings);
    let outputs = [
        ("human", render_to_string(&sources, &findings)),
        ("json", report::json::render(&r)),
        ("sarif", report::sarif::render(&r)),
        ("github", report::github::render(&r)),
    ];
    for (format, text) in outputs {
        assert!(
            !text.contains(PASSPHRASE) && !text.contains("Tr0ub4dor"),
            "{format} shows the passphrase:\n{text}"
        );
    }
    let human = render_to_string(&sources, &findings);
    assert!(
        human.contains(&"*".repeat(PASSPHRASE.len())),
        "the secret is masked, not dropped:\n{human}"
    );
    // The second finding shows the same line without marking the secret.
    let masked_line = format!(
        "encryption.passphrase = \"{}\";",
        "*".repeat(PASSPHRASE.len())
    );
    assert!(human.matches(&masked_line).count() >= 2, "{human}");
}

#[test]
fn summary_line() {
    let (sources, findings) = sample();
    assert_eq!(
        report::summary(&report(&sources, &findings)),
        "2 errors, 2 warnings in 1 file (3 files checked); 1 suppressed"
    );
    let none = LintReport {
        sources: &sources,
        findings: &[],
        files_checked: 1,
        suppressed: 0,
    };
    assert_eq!(report::summary(&none), "no problems found (1 file checked)");
    let one = [Diagnostic::new(Severity::Warning, "x", "y", None)];
    let r = LintReport {
        sources: &sources,
        findings: &one,
        files_checked: 2,
        suppressed: 0,
    };
    assert_eq!(
        report::summary(&r),
        "0 errors, 1 warning in 0 files (2 files checked)"
    );
}
