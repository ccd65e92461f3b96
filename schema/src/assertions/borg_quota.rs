//! BX041: a borg repository `quota` that the module's type accepts but `borg serve` rejects.

use backix_parser::diagnostic::Diagnostic;
use backix_parser::module::extract::ModuleKind;

use super::support::instances;
use crate::rule::{Check, Context, Kind, Level, Rule};
use crate::view;

/// The rule.
pub static RULE: Rule = Rule {
    code: "BX041",
    name: "borg-quota-invalid",
    kind: Kind::Module,
    default_level: Level::Deny,
    summary: "a `services.borgbackup.repos` quota is not a size `borg serve --storage-quota` accepts",
    why: "The module's type `[[:digit:].]+[KMGTP]?` lets through `1.2.3G` or `5M`, and writes \
          the quota into every key's forced command `borg serve --storage-quota QUOTA`. borg \
          refuses sizes Python's `float()` cannot read and quotas below 10M, so every client \
          connection fails.",
    bad: "services.borgbackup.repos.laptop.quota = \"5M\";",
    good: "services.borgbackup.repos.laptop.quota = \"100G\";",
    fix: "Give a number with an optional K, M, G, T or P suffix (powers of 1000), of at least 10M.",
};

/// The smallest quota borg accepts, in bytes.
const MIN_QUOTA: i128 = 10_000_000;

/// Whether the module's type `strMatching "[[:digit:].]+[KMGTP]?"` accepts `s`.
pub fn module_accepts(s: &str) -> bool {
    let body = s.strip_suffix(['K', 'M', 'G', 'T', 'P']).unwrap_or(s);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// borg 1.2's `parse_storage_quota` for a string the module's type accepts: the size in bytes,
/// or borg's complaint.
pub fn parse_quota(s: &str) -> Result<i128, String> {
    let (number, factor) = match s.as_bytes().last() {
        Some(b'K') => (&s[..s.len() - 1], 1e3),
        Some(b'M') => (&s[..s.len() - 1], 1e6),
        Some(b'G') => (&s[..s.len() - 1], 1e9),
        Some(b'T') => (&s[..s.len() - 1], 1e12),
        Some(b'P') => (&s[..s.len() - 1], 1e15),
        _ => (s, 1.0),
    };
    // Python's `float()` and Rust's parser agree on strings of digits and dots.
    let value = number
        .parse::<f64>()
        .ok()
        .map(|v| v * factor)
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("borg cannot read {s:?} as a size"))?;
    let bytes = value.trunc() as i128;
    if bytes < MIN_QUOTA {
        return Err(format!(
            "borg refuses the quota {s:?}: it is too small, at least 10M are required"
        ));
    }
    Ok(bytes)
}

/// The check.
pub struct BorgQuota;

impl Check for BorgQuota {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for repo in instances(cx, ModuleKind::BorgbackupRepos) {
            let Some(value) = repo.setting("quota").value() else {
                continue;
            };
            let Some(quota) = view::as_str(value) else {
                continue;
            };
            // What the type rejects is the type check's finding.
            if !module_accepts(quota) {
                continue;
            }
            if let Err(message) = parse_quota(quota) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("{}: {message}", repo.option("quota")),
                        view::value_span(value).or(repo.span()),
                    )
                    .with_help(
                        "write a number with an optional K, M, G, T or P suffix, of at least \
                         10M (such as \"100G\")",
                    ),
                );
            }
        }
    }
}
