//! BX159 `borgmatic-repo-create-options-ignored`: `extra_borg_options.repo_create`, which
//! borgmatic 2.1.10 never passes to Borg.

use backix_parser::yaml::Node;

use crate::borgmatic::finding::{Finding, codes};
use crate::rule::{Context, Kind, Level, Rule};

/// `extra_borg_options.repo_create`, which borgmatic 2.1.10 never passes to Borg.
pub static RULE: Rule = Rule {
    code: "BX159",
    name: "borgmatic-repo-create-options-ignored",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "extra_borg_options.repo_create is accepted by borgmatic 2.1.10 but never passed to Borg.",
    why: "borgmatic 2.1.10 looks the repo-create options up under another spelling than its schema allows, so flags given here are silently dropped when the repository is created.",
    bad: "extra_borg_options:\n  repo_create: --make-parent-dirs",
    good: "extra_borg_options:\n  init: --make-parent-dirs",
    fix: "Use the deprecated but working init key, or the repository options (make_parent_directories, append_only, storage_quota).",
};

/// The check of [`RULE`].
pub struct Check;

impl crate::rule::Check for Check {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>) {
        super::report_with(cx, out, |_, config, _| find(config).into_iter().collect());
    }
}

fn find(config: &Node) -> Option<Finding> {
    let options = config.get("extra_borg_options")?;
    let entry = options.value.get("repo_create")?;
    Some(
        Finding::new(
            codes::REPO_CREATE_OPTIONS_IGNORED,
            entry.key.span,
            "borgmatic 2.1.10 never passes `extra_borg_options.repo_create` to Borg",
        )
        .with_help("use `extra_borg_options.init`, or the repository options `make_parent_directories`, `append_only`, `storage_quota`"),
    )
}
