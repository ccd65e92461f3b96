//! The borgmatic rules, one per file: BX060–BX079 for what borgmatic itself refuses, BX150–BX169
//! for borgmatic lints. They read the YAML files of [`Context::borgmatic`] and the borgmatic
//! configurations written in Nix (NixOS `services.borgmatic`, home-manager `programs.borgmatic`).

mod deprecated_hooks;
mod deprecated_option;
mod include;
mod invalid_value;
mod legacy_sections;
mod missing_option;
mod nested_nixos_settings;
mod no_retention;
mod quoted_exclude;
mod quoted_hook_variable;
mod repo_create_options;
mod repository_string;
mod repository_without_path;
mod section_conflict;
mod shape;
mod syntax;
mod umask_prefix;
mod unknown_check_repository;
mod unknown_option;
mod wrong_type;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::source::{SourceMap, Span};
use backix_parser::yaml::Node;

use crate::rule::{Check, Context};

use super::finding::Finding;

/// Every borgmatic check.
pub fn all() -> Vec<&'static dyn Check> {
    vec![
        &syntax::Check,
        &unknown_option::Check,
        &wrong_type::Check,
        &invalid_value::Check,
        &missing_option::Check,
        &repository_string::Check,
        &shape::Check,
        &section_conflict::Check,
        &unknown_check_repository::Check,
        &legacy_sections::Check,
        &deprecated_hooks::Check,
        &deprecated_option::Check,
        &nested_nixos_settings::Check,
        &no_retention::Check,
        &quoted_exclude::Check,
        &repository_without_path::Check,
        &quoted_hook_variable::Check,
        &umask_prefix::Check,
        &repo_create_options::Check,
        &include::Check,
    ]
}

/// One configuration to check: a YAML file or a configuration written in Nix.
pub struct Target<'a> {
    /// The configuration after normalization, when it is a mapping.
    pub normalized: Option<&'a Node>,
    /// The analysis findings.
    pub findings: &'a [Finding],
    /// Where secrets are written.
    pub secrets: Vec<Span>,
    /// Whether the configuration is a YAML file (not Nix).
    pub yaml: bool,
    /// For Nix configurations: where it lives, to name in messages.
    pub label: Option<String>,
}

/// Every configuration of the context, YAML files first.
pub fn targets<'a>(cx: &'a Context<'a>, nix: &'a [super::nix::NixConfig]) -> Vec<Target<'a>> {
    let mut out: Vec<Target<'a>> = cx
        .borgmatic
        .iter()
        .map(|f| Target {
            normalized: f.analysis.normalized.as_ref(),
            findings: &f.analysis.findings,
            secrets: f.secrets.clone(),
            yaml: true,
            label: None,
        })
        .collect();
    out.extend(nix.iter().map(|c| Target {
        normalized: c.analysis.normalized.as_ref(),
        findings: &c.analysis.findings,
        secrets: super::secret_spans(&c.root),
        yaml: false,
        label: Some(c.label.clone()),
    }));
    out
}

/// The diagnostic of a finding in a target.
pub fn diagnostic(target: &Target<'_>, finding: &Finding) -> Diagnostic {
    let mut d = finding.to_diagnostic();
    if let Some(label) = &target.label {
        d = d.with_note(format!("in the borgmatic configuration `{label}`"));
    }
    for s in &target.secrets {
        d = d.with_secret(*s);
    }
    d
}

/// Reports every analysis finding with `code`, in YAML files and Nix configurations.
pub fn report_code(cx: &Context<'_>, code: &str, out: &mut Vec<Diagnostic>) {
    let nix = super::nix::configs(cx.extraction);
    for target in targets(cx, &nix) {
        for f in target.findings.iter().filter(|f| f.code == code) {
            out.push(diagnostic(&target, f));
        }
    }
}

/// Runs a finder over every normalized configuration and reports what it finds.
pub fn report_with(
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    find: impl Fn(&Target<'_>, &Node, &SourceMap) -> Vec<Finding>,
) {
    let nix = super::nix::configs(cx.extraction);
    for target in targets(cx, &nix) {
        if let Some(config) = target.normalized {
            for f in find(&target, config, cx.sources) {
                out.push(diagnostic(&target, &f));
            }
        }
    }
}

/// Declares the `Check` struct of a rule whose findings come from the analysis.
macro_rules! analysis_check {
    () => {
        /// The check of [`RULE`].
        pub struct Check;

        impl crate::rule::Check for Check {
            fn rule(&self) -> &'static Rule {
                &RULE
            }

            fn check(
                &self,
                cx: &crate::rule::Context<'_>,
                out: &mut Vec<backix_parser::diagnostic::Diagnostic>,
            ) {
                super::report_code(cx, RULE.code, out);
            }
        }
    };
}
pub(crate) use analysis_check;
