//! Every check backix runs, in one list: validation against the typed models, the modules' own
//! assertions, domain checks, lints, and the borgmatic YAML checks.

use crate::rule::{Check, Rule};

/// All checks, in code order.
pub fn checks() -> Vec<&'static dyn Check> {
    let mut all: Vec<&'static dyn Check> = Vec::new();
    all.extend(crate::validate::checks());
    all.extend(crate::assertions::checks());
    all.extend(crate::lints::checks());
    all.extend(crate::borgmatic::checks());
    all.sort_by_key(|c| c.rule().code);
    all
}

/// All rules, in code order.
pub fn rules() -> Vec<&'static Rule> {
    checks().into_iter().map(|c| c.rule()).collect()
}

/// The rule with this code (`BX101`) or name (`passphrase-in-store`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    rules()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in rules() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 5
                    && rule.code.starts_with("BX")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "code {} is not BXnnn",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "name {} is not kebab-case",
                rule.name
            );
            for (what, text) in [
                ("summary", rule.summary),
                ("why", rule.why),
                ("bad", rule.bad),
                ("good", rule.good),
                ("fix", rule.fix),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", rule.code);
            }
        }
    }
}
