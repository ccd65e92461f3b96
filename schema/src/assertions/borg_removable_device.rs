//! BX015: `removableDevice = true` needs a repository the module counts as local (the module's
//! assertion).

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::{LocatedValue, ModuleKind, StringPart};

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view::{self, node_span};

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX015",
    name: "borg-removable-device-not-local",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a borgbackup job sets `removableDevice = true` with a repo that does not start with `/` or `.`",
    why: "The NixOS module asserts `!(isLocalPath repo) -> !removableDevice`, and its \
          `isLocalPath` holds exactly for repos starting with `/` or `.`: the system does not \
          build otherwise. `removableDevice` only stops the module from creating the \
          repository directory, which only makes sense for a local one.",
    bad: "services.borgbackup.jobs.usb = {\n  paths = [ \"/home\" ];\n  repo = \"backup@nas:usb\";\n  removableDevice = true;\n  encryption.mode = \"none\";\n};",
    good: "services.borgbackup.jobs.usb = {\n  paths = [ \"/home\" ];\n  repo = \"/mnt/usb/borg\";\n  removableDevice = true;\n  encryption.mode = \"none\";\n};",
    fix: "Give the repository's absolute path on the removable device, or drop \
          `removableDevice` for a remote repository.",
};

/// The module's `isLocalPath`, decided from the first character (`None` when unknown).
pub fn module_local(repo: &LocatedValue) -> Option<bool> {
    let first = match repo {
        LocatedValue::String { value, .. } | LocatedValue::Path { value, .. } => {
            value.chars().next()
        }
        // Only the first character matters, so a string whose beginning is known is enough.
        LocatedValue::PartialString { parts, .. } => match parts.first()? {
            StringPart::Text { text } => Some(text.chars().next()?),
            StringPart::Unknown { .. } => return None,
        },
        _ => return None,
    };
    Some(matches!(first, Some('/' | '.')))
}

/// The check.
pub struct BorgRemovableDevice;

impl Check for BorgRemovableDevice {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for job in instances(cx, ModuleKind::BorgbackupJobs) {
            let removable = job
                .setting("removableDevice")
                .value()
                .and_then(view::as_bool);
            if removable != Some(true) {
                continue;
            }
            let Some(repo) = job.setting("repo").value() else {
                continue;
            };
            if module_local(repo) != Some(false) {
                continue;
            }
            let mut d = Diagnostic::error(
                RULE.code,
                format!(
                    "{} is not a local path (it does not start with `/` or `.`), so it cannot be \
                     a removable device",
                    job.option("repo")
                ),
                job.at("repo").and_then(node_span).or(job.span()),
            );
            if let Some(span) = job.at("removableDevice").and_then(node_span) {
                d = d.with_label(span, "removableDevice is set here");
            }
            out.push(d.with_help(
                "use the repository's absolute path on the device (such as \"/mnt/usb/borg\"), \
                 or remove removableDevice",
            ));
        }
    }
}
