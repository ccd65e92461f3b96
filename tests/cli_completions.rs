//! `backix completions SHELL` and `backix manpage`: every shell's script names every
//! subcommand, bash's script is accepted by bash itself, and the manual page is roff that
//! groff/man render with every subcommand in it.

use std::process::{Command, Stdio};

fn backix(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_backix"))
        .args(args)
        .output()
        .expect("run backix");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The subcommands, as `backix --help` lists them (so a new one is covered without editing
/// this test).
fn subcommands() -> Vec<String> {
    let (code, help, err) = backix(&["--help"]);
    assert_eq!(code, 0, "{err}");
    let section = help
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .split("\n\n")
        .next()
        .unwrap();
    let names: Vec<String> = section
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .filter(|n| n != "help")
        .collect();
    for expected in ["eval", "lint", "emit", "run", "completions", "manpage"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

#[test]
fn every_shell_completes_every_subcommand() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, script, err) = backix(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.len() > 200, "{shell}: a script: {script}");
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} completion lacks {name}"
            );
        }
    }
    // Options of a subcommand are completed too.
    let (_, bash, _) = backix(&["completions", "bash"]);
    for option in ["--flake", "--eval-json", "--format"] {
        assert!(bash.contains(option), "{option} in the bash completion");
    }
    let (code, _, err) = backix(&["completions", "tcsh"]);
    assert_eq!(code, 2, "unknown shell is a usage error");
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn the_bash_script_is_valid_bash_and_completes_subcommands() {
    let (_, script, _) = backix(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backix.bash");
    std::fs::write(&file, script).unwrap();
    // Load the script and ask the completion function what follows `backix li`.
    let probe = format!(
        "source {}; COMP_WORDS=(backix li); COMP_CWORD=1; COMP_LINE='backix li'; COMP_POINT=9; \
         _backix backix li backix; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .stdin(Stdio::null())
        .output()
        .expect("bash is needed for this test");
    let reply = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(reply.trim(), "lint", "completion of `backix li`");
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let names = subcommands();
    let (code, page, err) = backix(&["manpage"]);
    assert_eq!(code, 0, "{err}");
    let first = page
        .lines()
        .find(|l| l.starts_with(".TH"))
        .expect(".TH line");
    assert!(first.starts_with(".TH backix 1"), "{first}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(page.contains(section), "{section} in the page");
    }
    assert!(page.contains("SUBCOMMANDS"), "a subcommands section");
    for name in &names {
        assert!(
            page.contains(&format!("backix\\-{}", name.replace('-', "\\-")))
                || page.contains(&format!("backix-{name}")),
            "the page names {name}"
        );
    }
    // Rendered by the real formatter: the text shows the subcommands and the description.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backix.1");
    std::fs::write(&file, &page).unwrap();
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .expect("groff is needed for this test (groff-base); run scripts/setup");
    assert!(out.status.success());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "groff warnings: {warnings}");
    let out = Command::new("groff")
        .args(["-man", "-Tascii"])
        .arg(&file)
        .output()
        .expect("groff");
    let text = String::from_utf8_lossy(&out.stdout);
    // Overstrike bold and underline sequences (`x\bx`) removed.
    let plain: String = {
        let mut s = String::new();
        for c in text.chars() {
            if c == '\u{8}' {
                s.pop();
            } else {
                s.push(c);
            }
        }
        s
    };
    assert!(plain.contains("backix"), "{plain}");
    for name in &names {
        assert!(
            plain.contains(&format!("backix-{name}")),
            "{name} in {plain}"
        );
    }
}

#[test]
fn man_pages_for_every_subcommand_are_written_to_a_directory() {
    let names = subcommands();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man");
    let (code, _, err) = backix(&["manpage", "--out-dir", out_dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let main = std::fs::read_to_string(out_dir.join("backix.1")).expect("backix.1");
    assert!(main.contains(".TH backix 1"));
    for name in &names {
        let page = std::fs::read_to_string(out_dir.join(format!("backix-{name}.1")))
            .unwrap_or_else(|e| panic!("backix-{name}.1: {e}"));
        assert!(page.contains(".TH backix-"), "{name}: {page}");
    }
    let lint = std::fs::read_to_string(out_dir.join("backix-lint.1")).unwrap();
    assert!(
        lint.contains("\\-\\-flake"),
        "lint's page documents --flake"
    );
}

/// backix's flake installs the completions and manual pages: its `postInstall`, taken from
/// flake.nix (evaluated by Nix with a stand-in nixpkgs) and run by bash with stand-ins of
/// nixpkgs' `installShellCompletion` and `installManPage`, installs every file.
#[test]
fn the_flake_package_installs_completions_and_man_pages() {
    let ok = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "this test needs nix-instantiate; run scripts/setup");
    let root = env!("CARGO_MANIFEST_DIR");
    let expr = format!(
        r#"let
          flake = import {root}/flake.nix;
          pkgsFor = system: {{
            stdenv = {{ hostPlatform.system = system; buildPlatform.canExecute = _: true; }};
            rustPlatform.buildRustPackage = a: a;
            installShellFiles = "installShellFiles";
            lib = {{
              licenses = {{ mit = 1; asl20 = 2; }};
              optionalString = c: s: if c then s else "";
            }};
          }};
          nixpkgs.legacyPackages = builtins.listToAttrs (map (s: {{ name = s; value = pkgsFor s; }})
            [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ]);
          self = flake.outputs {{ inherit self nixpkgs; }};
        in {{ inherit (self.packages.x86_64-linux.default) postInstall nativeBuildInputs; }}"#
    );
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "-E", &expr])
        .output()
        .expect("run nix-instantiate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let package: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        package["nativeBuildInputs"],
        serde_json::json!(["installShellFiles"])
    );
    let post_install = package["postInstall"].as_str().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(out_dir.join("bin")).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_backix"), out_dir.join("bin/backix")).unwrap();
    let build = dir.path().join("build");
    std::fs::create_dir_all(&build).unwrap();
    // What nixpkgs' installShellFiles does, reduced to where the files go.
    let stand_ins = r#"
set -euo pipefail
installShellCompletion() {
  local cmd=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --cmd) cmd="$2"; shift 2 ;;
      --bash) mkdir -p "$out/share/bash-completion/completions"; cat "$2" > "$out/share/bash-completion/completions/$cmd.bash"; shift 2 ;;
      --zsh) mkdir -p "$out/share/zsh/site-functions"; cat "$2" > "$out/share/zsh/site-functions/_$cmd"; shift 2 ;;
      --fish) mkdir -p "$out/share/fish/vendor_completions.d"; cat "$2" > "$out/share/fish/vendor_completions.d/$cmd.fish"; shift 2 ;;
      *) echo "unexpected argument $1" >&2; return 1 ;;
    esac
  done
}
installManPage() { mkdir -p "$out/share/man/man1"; cp "$@" "$out/share/man/man1/"; }
"#;
    let status = Command::new("bash")
        .current_dir(&build)
        .env("out", &out_dir)
        .args(["--norc", "--noprofile", "-c"])
        .arg(format!("{stand_ins}\n{post_install}"))
        .status()
        .expect("bash");
    assert!(status.success(), "postInstall fails");
    for (file, needle) in [
        ("share/bash-completion/completions/backix.bash", "_backix"),
        ("share/zsh/site-functions/_backix", "#compdef backix"),
        (
            "share/fish/vendor_completions.d/backix.fish",
            "complete -c backix",
        ),
        ("share/man/man1/backix.1", ".TH backix 1"),
        ("share/man/man1/backix-lint.1", ".TH backix-lint 1"),
    ] {
        let text = std::fs::read_to_string(out_dir.join(file))
            .unwrap_or_else(|e| panic!("{file} is not installed: {e}"));
        assert!(text.contains(needle), "{file}: {needle}");
    }
}
