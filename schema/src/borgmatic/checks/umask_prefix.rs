//! BX158 `borgmatic-umask-octal-prefix`: a `umask` written with a `0o` (or `0x`) prefix.

use backix_parser::source::SourceMap;
use backix_parser::yaml::Node;

use crate::borgmatic::finding::{Finding, codes};
use crate::rule::{Context, Kind, Level, Rule};

/// A `umask` written with a `0o` (or `0x`) prefix.
pub static RULE: Rule = Rule {
    code: "BX158",
    name: "borgmatic-umask-octal-prefix",
    kind: Kind::Lint,
    default_level: Level::Warn,
    summary: "A umask written as 0o77: YAML reads the integer 63, whose digits borgmatic then reads as octal 063.",
    why: "borgmatic takes the decimal digits of the umask integer as octal digits, so 0077 and 77 both mean 077, but 0o77 becomes 63 and means 063.",
    bad: "umask: 0o77",
    good: "umask: 0077",
    fix: "Write the umask digits without a prefix.",
};

/// The check of [`RULE`].
pub struct Check;

impl crate::rule::Check for Check {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<backix_parser::diagnostic::Diagnostic>) {
        super::report_with(cx, out, |target, config, sources| {
            if target.yaml {
                find(config, sources).into_iter().collect()
            } else {
                Vec::new()
            }
        });
    }
}

fn find(config: &Node, sources: &SourceMap) -> Option<Finding> {
    let entry = config.get("umask")?;
    let written = sources.text(entry.value.span).trim();
    let digits = written.trim_start_matches(['+', '-']);
    let prefix = ["0o", "0x", "0b"]
        .into_iter()
        .find(|p| digits.starts_with(p))?;
    let value = match entry.value.value {
        backix_parser::yaml::Value::Int(i) => i,
        _ => return None,
    };
    Some(
        Finding::new(
            codes::UMASK_PREFIX,
            entry.value.span,
            format!("`umask: {written}` is the integer {value}, which borgmatic reads as the octal umask 0{value}"),
        )
        .with_help(format!(
            "write the octal digits without `{prefix}`: `umask: {}`",
            digits.trim_start_matches(prefix)
        )),
    )
}
