//! borgmatic findings point at the line a person must change, in YAML files and in the Nix that
//! writes borgmatic configurations; hostile YAML fails cleanly.

use std::collections::BTreeSet;

use backix_parser::eval::EvalOptions;
use backix_parser::module::analyze;
use backix_parser::source::SourceMap;
use backix_schema::borgmatic;
use backix_schema::registry;
use backix_schema::rule::Context;

fn findings(text: &str) -> (SourceMap, BTreeSet<(String, u32)>) {
    let mut sources = SourceMap::new();
    let file = borgmatic::load(&mut sources, "config.yaml", text).expect("loads");
    let found = file
        .analysis
        .findings
        .iter()
        .map(|f| (f.code.to_string(), sources.location(f.span).line))
        .collect();
    (sources, found)
}

fn set(items: &[(&str, u32)]) -> BTreeSet<(String, u32)> {
    items.iter().map(|(c, l)| (c.to_string(), *l)).collect()
}

#[test]
fn errors_point_at_their_lines() {
    let text = "\
source_directories: /srv/src
repositories:
    - path: /srv/repo
      label: local
      keep_hourly: many
keep_daily: seven
compresion: lz4
checks:
    - name: spot
commands:
    - before: action
      when: [backup]
      run: [echo hi]
verbosity: 5
";
    let (_, found) = findings(text);
    assert_eq!(
        found,
        set(&[
            ("BX062", 1),  // source_directories is a string
            ("BX062", 5),  // keep_hourly under the repository (validated merged)
            ("BX062", 6),  // keep_daily
            ("BX061", 7),  // compresion
            ("BX066", 9),  // spot without its percentages
            ("BX066", 11), // when: backup (the hook matches no shape)
            ("BX063", 14), // verbosity
        ])
    );
}

#[test]
fn unknown_options_suggest_the_closest_name() {
    let mut sources = SourceMap::new();
    let file = borgmatic::load(
        &mut sources,
        "c.yaml",
        "repositories:\n  - path: /r\nkeep_dayly: 7\n",
    )
    .unwrap();
    let f = file.findings("BX061").next().expect("reported");
    assert_eq!(f.help.as_deref(), Some("did you mean `keep_daily`?"));
    assert_eq!(sources.text(f.span), "keep_dayly");
}

#[test]
fn plain_string_repositories_are_refused_where_written() {
    let (_, found) = findings("keep_daily: 1\nrepositories:\n  - path: /a\n  - /srv/repo\n");
    let rejections: BTreeSet<_> = found
        .into_iter()
        .filter(|(c, _)| c.starts_with("BX06"))
        .collect();
    assert_eq!(rejections, set(&[("BX065", 4)]));
}

#[test]
fn syntax_errors_have_line_and_column() {
    let mut sources = SourceMap::new();
    let err = borgmatic::load(
        &mut sources,
        "bad.yaml",
        "repositories:\n  - path: /r\ncommands:\n  - run: [echo \"{repository}\"]\n",
    )
    .unwrap_err();
    assert_eq!(err.code, "BX060");
    let loc = sources.location(err.span.expect("a place"));
    assert_eq!(loc.line, 4);
}

#[test]
fn alias_bombs_and_deep_nesting_fail_cleanly() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..15 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut sources = SourceMap::new();
    let started = std::time::Instant::now();
    let err = borgmatic::load(&mut sources, "bomb.yaml", &bomb).unwrap_err();
    assert!(
        err.message.contains("expands to more than"),
        "{}",
        err.message
    );
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );

    let mut deep = String::from("repositories:\n  - path: /r\nconstants:\n");
    for depth in 1..3_000 {
        deep.push_str(&" ".repeat(depth * 2));
        deep.push_str("k:\n");
    }
    let err = borgmatic::load(&mut sources, "deep.yaml", &deep).unwrap_err();
    assert!(err.message.contains("nested deeper"), "{}", err.message);
    let flow = format!(
        "repositories: [{{path: /r}}]\nconstants: {}",
        "[".repeat(50_000)
    );
    assert!(borgmatic::load(&mut sources, "flow.yaml", &flow).is_err());
}

#[test]
fn secrets_are_marked_and_never_printed() {
    let text = "repositories:\n  - path: /r\nencryption_passphrase: 123456\n";
    let mut sources = SourceMap::new();
    let file = borgmatic::load(&mut sources, "s.yaml", text).unwrap();
    let f = file
        .findings("BX062")
        .next()
        .expect("an integer passphrase is a type error");
    assert!(!f.message.contains("123456"), "{}", f.message);
    assert_eq!(file.secrets.len(), 1);
    assert_eq!(sources.text(file.secrets[0]), "123456");
}

fn nix_diagnostics(files: &[(&str, &str)]) -> Vec<(String, u32, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let analysis = analyze(&[dir.path().join(files[0].0)], EvalOptions::default()).unwrap();
    let sources = &analysis.evaluator.sources;
    let cx = Context::new(&analysis.extraction, &[], sources);
    let mut out = Vec::new();
    for check in borgmatic::checks() {
        check.check(&cx, &mut out);
    }
    out.iter()
        .map(|d| {
            let line = d.span.map_or(0, |s| sources.location(s).line);
            (d.code.to_string(), line, d.message.clone())
        })
        .collect()
}

#[test]
fn nixos_settings_are_checked_as_borgmatic_yaml() {
    let found = nix_diagnostics(&[(
        "configuration.nix",
        r#"{ config, ... }:
{
  services.borgmatic.enable = true;
  services.borgmatic.settings = {
    repositories = [ { path = "/srv/repo"; label = "local"; } ];
    keep_daily = "seven";
    archive_name_format = "${config.networking.hostName}-{now}";
    configurations.daily = { keep_daily = 7; };
  };
  services.borgmatic.configurations.weekly = {
    location.repositories = [ "/srv/weekly" ];
    keep_weekly = 4;
    verbosity = config.my.verbosity;
  };
}
"#,
    )]);
    let codes: Vec<(&str, u32)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    assert!(codes.contains(&("BX062", 6)), "{found:#?}");
    assert!(codes.contains(&("BX153", 8)), "{found:#?}");
    assert!(codes.contains(&("BX150", 11)), "{found:#?}");
    // Unknown values (the host name, config.my.verbosity) are never reported.
    assert!(
        !found.iter().any(|(_, l, _)| *l == 7 || *l == 13),
        "{found:#?}"
    );
}

#[test]
fn home_manager_backups_are_checked_as_the_yaml_they_become() {
    let found = nix_diagnostics(&[(
        "home.nix",
        r#"{ ... }:
{
  home.username = "me";
  programs.borgmatic.enable = true;
  programs.borgmatic.backups.main = {
    location.sourceDirectories = [ "/home/me" ];
    location.repositories = [ "/mnt/backup" { path = "/mnt/other"; label = "other"; } ];
    retention.keepDaily = 7;
    consistency.checks = [ { name = "repository"; frequency = "2 weeks"; } ];
    location.extraConfig.exclude_patterns = [ "'*.tmp'" ];
    storage.extraConfig.compresion = "lz4";
  };
}
"#,
    )]);
    let codes: Vec<(&str, u32)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    // Plain-string repositories are turned into mappings by the module: no BX065.
    assert!(!codes.iter().any(|(c, _)| *c == "BX065"), "{found:#?}");
    assert!(codes.contains(&("BX155", 10)), "{found:#?}");
    assert!(codes.contains(&("BX061", 11)), "{found:#?}");
    assert!(!codes.iter().any(|(c, _)| *c == "BX154"), "{found:#?}");
}

#[test]
fn rules_are_registered() {
    let codes: Vec<&str> = registry::rules().iter().map(|r| r.code).collect();
    for code in [
        "BX060", "BX061", "BX065", "BX150", "BX151", "BX154", "BX155",
    ] {
        assert!(codes.contains(&code), "{code} missing");
    }
}
