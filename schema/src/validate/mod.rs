//! Validation of extracted option trees against the typed models (JSON Schema), with errors
//! mapped back to source lines.
//!
//! Each extracted root is matched to its model (`model::model_for`); each entry (a job, a
//! repository, a whole borgmatic module) is projected to JSON (`project`), validated with the
//! `jsonschema` crate, and the errors become findings (`errors`) of five rules: type mismatches,
//! unknown options (with a suggestion), invalid values (enums, patterns, ranges), missing
//! options without a default, and conflicting definitions. Nothing is reported at or below a
//! value static analysis cannot know.

pub mod errors;
pub mod names;
pub mod project;
pub mod string_types;

use std::sync::OnceLock;

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{OptionNode, RootReport};
use jsonschema::Validator;
use serde_json::Value;

use crate::model::{ModelId, Shape, json_schema, model_for};
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;
use errors::{EntryCx, Finding};
use project::{Projection, project};

/// BX005 `conflicting-definitions`.
pub const CONFLICTING_DEFINITIONS: &str = "BX005";

/// A model's schema, compiled once.
pub struct Compiled {
    /// The model.
    pub id: ModelId,
    /// Its JSON Schema.
    pub schema: Value,
    /// The compiled validator.
    pub validator: Validator,
}

/// The compiled schema of a model.
pub fn compiled(id: ModelId) -> &'static Compiled {
    static ALL: OnceLock<Vec<Compiled>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        ModelId::ALL
            .iter()
            .map(|m| {
                let schema = json_schema(m.id);
                let validator = jsonschema::options()
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("the schema of {} does not compile: {e}", m.name));
                Compiled {
                    id: m.id,
                    schema,
                    validator,
                }
            })
            .collect()
    });
    all.iter()
        .find(|c| c.id == id)
        .expect("every model is compiled")
}

/// The option path of a root, with the home-manager user in front.
fn root_prefix(root: &RootReport) -> String {
    match &root.user {
        Some(user) => format!(
            "home-manager.users.{}.{}",
            view::nix_attr_name(user),
            root.option
        ),
        None => root.option.clone(),
    }
}

/// Every finding of every rule of this module over the context, as diagnostics.
pub fn diagnostics(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for system in &cx.extraction.systems {
        let first = out.len();
        for root in &system.roots {
            check_root(root, &mut out);
        }
        if system.incomplete {
            // A module backix could not read may define what looks missing.
            let mut found = out.split_off(first);
            found.retain(|d| d.code != errors::MISSING_OPTION);
            out.extend(found);
        }
    }
    out
}

fn check_root(root: &RootReport, out: &mut Vec<Diagnostic>) {
    let (model, shape) = model_for(root.module);
    let prefix = root_prefix(root);
    match (shape, &root.value) {
        (Shape::Entries, OptionNode::Set { attrs, .. }) => {
            for (name, entry) in attrs {
                check_entry(
                    model,
                    &format!("{prefix}.{}", view::nix_attr_name(name)),
                    entry,
                    out,
                );
            }
        }
        (Shape::Entries, other) => {
            // Not an attribute set of entries: only its own type can be wrong.
            let projection = project(other);
            report_conflicts(&projection, out);
            let schema = serde_json::json!({
                "type": "object",
                "x-nix-type": "attrsOf (submodule { … })",
            });
            let validator = jsonschema::validator_for(&schema).expect("a trivial schema");
            let cx = EntryCx {
                prefix: &prefix,
                schema: &schema,
                projection: &projection,
            };
            out.extend(
                errors::validate(&validator, &cx)
                    .into_iter()
                    .map(to_diagnostic),
            );
        }
        (Shape::Whole, node) => check_entry(model, &prefix, node, out),
    }
}

fn check_entry(model: ModelId, prefix: &str, node: &OptionNode, out: &mut Vec<Diagnostic>) {
    let compiled = compiled(model);
    let projection = project(node);
    report_conflicts(&projection, out);
    let cx = EntryCx {
        prefix,
        schema: &compiled.schema,
        projection: &projection,
    };
    let mut findings = errors::validate(&compiled.validator, &cx);
    findings.extend(string_types::path_findings(&cx, &findings));
    out.extend(findings.into_iter().map(to_diagnostic));
}

fn report_conflicts(projection: &Projection, out: &mut Vec<Diagnostic>) {
    for conflict in &projection.conflicts {
        let spans: Vec<_> = conflict.definitions.iter().filter_map(|l| l.span).collect();
        let mut d = Diagnostic::error(
            CONFLICTING_DEFINITIONS,
            conflict.message.clone(),
            spans.first().copied(),
        );
        for span in &spans {
            d = d.with_label(*span, "defined here");
        }
        d = d.with_help(
            "keep one definition, or give one priority with `lib.mkForce` or `lib.mkDefault`",
        );
        out.push(d);
    }
}

fn to_diagnostic(f: Finding) -> Diagnostic {
    let mut d = Diagnostic::error(f.code, f.message, f.span);
    if let Some(help) = f.help {
        d = d.with_help(help);
    }
    if f.secret
        && let Some(span) = f.span
    {
        d = d.with_secret(span);
    }
    d
}

macro_rules! rule_check {
    ($check:ident, $rule:ident, $code:expr) => {
        /// The check of the rule of the same name.
        pub struct $check;

        impl Check for $check {
            fn rule(&self) -> &'static Rule {
                &$rule
            }

            fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
                out.extend(
                    cx.validation(diagnostics)
                        .iter()
                        .filter(|d| d.code == $code)
                        .cloned(),
                );
            }
        }
    };
}

/// BX001: a value of the wrong type.
pub static TYPE_MISMATCH_RULE: Rule = Rule {
    code: errors::TYPE_MISMATCH,
    name: "type-mismatch",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "an option is set to a value of the wrong type",
    why: "The module system checks every definition against the option's declared type and \
          stops the build (`A definition for option … is not of type …`), so the system, and \
          every backup in it, cannot be built until the value is fixed.",
    bad: "services.borgbackup.jobs.home.doInit = \"yes\";",
    good: "services.borgbackup.jobs.home.doInit = true;",
    fix: "Give the option a value of the type the message names (a Nix type such as `bool`, \
          `listOf str` or `nullOr path`).",
};

/// BX002: an option the module does not declare.
pub static UNKNOWN_OPTION_RULE: Rule = Rule {
    code: errors::UNKNOWN_OPTION,
    name: "unknown-option",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "an option the module does not declare",
    why: "The backup modules declare a fixed set of options; the module system refuses any \
          other (`The option … does not exist`). It is usually a typo, or an option of another \
          module or version.",
    bad: "services.borgbackup.jobs.home.compresion = \"zstd\";",
    good: "services.borgbackup.jobs.home.compression = \"zstd\";",
    fix: "Use the option the message suggests, or remove the definition.",
};

/// BX003: a value outside the allowed values or pattern.
pub static INVALID_VALUE_RULE: Rule = Rule {
    code: errors::INVALID_VALUE,
    name: "invalid-value",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a value is not among the option's allowed values or does not match its pattern",
    why: "Options typed `enum`, `strMatching` or `path`, and number ranges, accept only some \
          values of their base type; the module system stops the build on any other.",
    bad: "services.borgbackup.jobs.home.compression = \"zstd,255\";",
    good: "services.borgbackup.jobs.home.compression = \"zstd,10\";",
    fix: "Use one of the values or the form the message describes.",
};

/// BX004: a required option left undefined.
pub static MISSING_OPTION_RULE: Rule = Rule {
    code: errors::MISSING_OPTION,
    name: "missing-option",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "an option without a default is not set",
    why: "Some options have no default (a borgbackup job's `repo` and `encryption.mode`, a \
          home-manager borgmatic backup's `location.repositories`); the build fails with `The \
          option … is used but not defined`.",
    bad: "services.borgbackup.jobs.home = { paths = [ \"/home\" ]; encryption.mode = \"none\"; };",
    good: "services.borgbackup.jobs.home = {\n  paths = [ \"/home\" ];\n  repo = \"/backup/home\";\n  encryption.mode = \"none\";\n};",
    fix: "Define the option the message names.",
};

/// BX005: definitions that cannot be merged.
pub static CONFLICTING_DEFINITIONS_RULE: Rule = Rule {
    code: CONFLICTING_DEFINITIONS,
    name: "conflicting-definitions",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "an option is defined more than once with values that cannot be merged",
    why: "Options such as strings, Booleans and numbers merge only when every definition of the \
          same priority is equal; otherwise the build fails (`The option … has conflicting \
          definition values`). Often two files each set the option.",
    bad: "# a.nix\nservices.borgbackup.jobs.home.repo = \"/backup/a\";\n# b.nix\nservices.borgbackup.jobs.home.repo = \"/backup/b\";",
    good: "# a.nix\nservices.borgbackup.jobs.home.repo = \"/backup/a\";\n# b.nix\nservices.borgbackup.jobs.home.repo = lib.mkForce \"/backup/b\";",
    fix: "Keep one definition, or make one win with `lib.mkForce` (or the other lose with \
          `lib.mkDefault`).",
};

rule_check!(TypeMismatch, TYPE_MISMATCH_RULE, errors::TYPE_MISMATCH);
rule_check!(UnknownOption, UNKNOWN_OPTION_RULE, errors::UNKNOWN_OPTION);
rule_check!(InvalidValue, INVALID_VALUE_RULE, errors::INVALID_VALUE);
rule_check!(MissingOption, MISSING_OPTION_RULE, errors::MISSING_OPTION);
rule_check!(
    ConflictingDefinitions,
    CONFLICTING_DEFINITIONS_RULE,
    CONFLICTING_DEFINITIONS
);

/// The checks of this module.
pub fn checks() -> Vec<&'static dyn Check> {
    vec![
        &TypeMismatch,
        &UnknownOption,
        &InvalidValue,
        &MissingOption,
        &ConflictingDefinitions,
    ]
}
