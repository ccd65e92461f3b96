//! BX010: a borg job with encryption needs `passCommand` or `passphrase` (the module's assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX010",
    name: "borg-passphrase-required",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job with encryption has neither `encryption.passCommand` nor `encryption.passphrase`",
    why: "The NixOS module asserts `encryption.mode != \"none\" -> (passCommand != null || \
          passphrase != null)`: the system does not build. Without one of them borg could not \
          open an encrypted repository anyway.",
    bad: "services.borgbackup.jobs.home = {\n  paths = [ \"/home\" ];\n  repo = \"/backup\";\n  encryption.mode = \"repokey\";\n};",
    good: "services.borgbackup.jobs.home = {\n  paths = [ \"/home\" ];\n  repo = \"/backup\";\n  encryption.mode = \"repokey\";\n  encryption.passCommand = \"cat /run/secrets/borg\";\n};",
    fix: "Set `encryption.passCommand` to a command printing the passphrase (preferred: \
          `encryption.passphrase` ends up in the world-readable Nix store), or use \
          `encryption.mode = \"none\"`.",
};

/// The encryption modes of the option's enum.
const MODES: [&str; 7] = [
    "repokey",
    "keyfile",
    "repokey-blake2",
    "keyfile-blake2",
    "authenticated",
    "authenticated-blake2",
    "none",
];

/// The check.
pub struct BorgPassphrase;

impl Check for BorgPassphrase {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            // `encryption.mode` has no default: when it is absent the type check reports it.
            let Some(mode) = job.setting("encryption.mode").str() else {
                continue;
            };
            // An unknown mode is the type check's finding; "none" needs nothing.
            if mode == "none" || !MODES.contains(&mode) {
                continue;
            }
            let command = job.setting("encryption.passCommand").is_null(true);
            let phrase = job.setting("encryption.passphrase").is_null(true);
            if command == Some(true) && phrase == Some(true) {
                let span = job.at("encryption.mode").and_then(crate::view::node_span);
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} uses encryption mode \"{mode}\" but sets neither \
                             encryption.passCommand nor encryption.passphrase",
                            job.path()
                        ),
                        span.or(job.span()),
                    )
                    .with_help(
                        "set encryption.passCommand to a command that prints the passphrase \
                         (such as \"cat /run/secrets/borg\"), or use encryption.mode = \"none\"",
                    ),
                );
            }
        }
    }
}
