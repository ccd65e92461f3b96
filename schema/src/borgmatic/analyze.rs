//! One configuration from loaded tree to findings, in borgmatic's order: the per-repository
//! configurations are built from the loaded file, every configuration is normalized, validated
//! against the schema, then checked logically (`check_repositories`).

use std::collections::HashSet;

use backix_parser::source::Span;
use backix_parser::yaml::{Entry, Node, Value};

use super::finding::{Finding, codes};
use super::json::Located;
use super::normalize::normalize;
use super::validate::validate;

/// Repository options that stay with the repository (the others override the top level).
pub const REPOSITORY_OPTIONS: [&str; 8] = [
    "append_only",
    "encryption",
    "id_hash",
    "key_location",
    "label",
    "make_parent_directories",
    "path",
    "storage_quota",
];

/// The result of analysing one configuration.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The configuration after normalization (`None` when it is not a mapping).
    pub normalized: Option<Node>,
    /// Everything found, rejections and lints, without duplicates.
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// Whether borgmatic would refuse this configuration (a finding of a BX06x code).
    pub fn rejected(&self) -> bool {
        self.findings.iter().any(|f| is_rejection(f.code))
    }
}

/// Whether a code is one of what borgmatic refuses.
pub fn is_rejection(code: &str) -> bool {
    code.starts_with("BX06")
}

/// Analyses a loaded configuration (`None`: an empty document). `whole` is the span to point at
/// when there is nothing else.
pub fn analyze(root: Option<Node>, whole: Span, mut findings: Vec<Finding>) -> Analysis {
    let Some(root) = root else {
        findings.push(Finding::new(
            codes::SYNTAX,
            whole,
            "the file holds no configuration (an empty YAML document)",
        ));
        return Analysis {
            normalized: None,
            findings,
        };
    };
    let Value::Map(_) = root.value else {
        if !matches!(root.value, Value::Unknown) {
            findings.push(Finding::new(
                codes::SYNTAX,
                root.span,
                format!(
                    "a borgmatic configuration is a mapping of options, not {}",
                    root.type_name()
                ),
            ));
        }
        return Analysis {
            normalized: None,
            findings,
        };
    };
    let mut root = root;
    super::constants::apply(&mut root);
    let per_repository = repository_configs(&root, &mut findings);
    let normalized = normalize(root, &mut findings);
    check_config(&normalized, &mut findings);
    for config in per_repository {
        let mut scratch = Vec::new();
        let config = normalize(config, &mut scratch);
        check_config(&config, &mut scratch);
        findings.extend(scratch.into_iter().filter(|f| is_rejection(f.code)));
    }
    let mut seen = HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.span, f.message.clone())));
    Analysis {
        normalized: Some(normalized),
        findings,
    }
}

fn check_config(config: &Node, out: &mut Vec<Finding>) {
    let located = Located::new(config);
    let before = out.len();
    validate(&located, out);
    if out[before..].iter().all(|f| !is_rejection(f.code)) {
        check_repositories(config, out);
    }
}

/// borgmatic merges each top-level repository entry over a copy of the whole file and validates
/// that too; it fails on entries that are not mappings (2.1.10 no longer accepts plain strings
/// there).
fn repository_configs(root: &Node, out: &mut Vec<Finding>) -> Vec<Node> {
    let Some(entry) = root.get("repositories") else {
        return Vec::new();
    };
    let items = match &entry.value.value {
        Value::Seq(items) => items,
        Value::Unknown => return Vec::new(),
        Value::String(s) if s.is_empty() => return Vec::new(),
        _ => {
            out.push(Finding::new(
                codes::TYPE,
                entry.value.span,
                format!(
                    "`repositories` is {}, borgmatic wants a list of mappings",
                    entry.value.type_name()
                ),
            ));
            return Vec::new();
        }
    };
    let mut configs = Vec::new();
    for item in items {
        match &item.value {
            Value::Map(options) => {
                let mut config = root.clone();
                if let Value::Map(top) = &mut config.value {
                    for option in options {
                        let name = option.key.key_text().unwrap_or_default();
                        if REPOSITORY_OPTIONS.contains(&name.as_str()) {
                            continue;
                        }
                        match top
                            .iter_mut()
                            .find(|e| e.key.key_text().as_deref() == Some(name.as_str()))
                        {
                            Some(e) => *e = option.clone(),
                            None => top.push(Entry {
                                key: option.key.clone(),
                                value: option.value.clone(),
                            }),
                        }
                    }
                }
                configs.push(config);
            }
            Value::Unknown => {}
            Value::String(_) => out.push(
                Finding::new(
                    codes::REPOSITORY_STRING,
                    item.span,
                    "a repository written as a plain string makes borgmatic 2.1.10 crash",
                )
                .with_help("write it as a mapping: `- path: ...`")
                .with_note("borgmatic 2.1.10 fails with \"'str' object has no attribute 'items'\"; older releases accepted it with a warning"),
            ),
            _ => out.push(Finding::new(
                codes::TYPE,
                item.span,
                format!(
                    "a repository is {}, borgmatic wants a mapping with a `path`",
                    item.type_name()
                ),
            )),
        }
    }
    configs
}

/// `check_repositories` entries must each match a repository by label or path (globs allowed).
fn check_repositories(config: &Node, out: &mut Vec<Finding>) {
    let Some(wanted) = config
        .get("check_repositories")
        .and_then(|e| e.value.as_seq())
    else {
        return;
    };
    let repositories: Vec<(Option<&str>, Option<&str>)> = config
        .get("repositories")
        .and_then(|e| e.value.as_seq())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r.get("path").and_then(|e| e.value.as_str()),
                r.get("label").and_then(|e| e.value.as_str()),
            )
        })
        .collect();
    for item in wanted {
        let Some(name) = item.as_str() else {
            continue;
        };
        let found = repositories.iter().any(|(path, label)| {
            glob_match(Some(name), *label)
                || glob_match(Some(&normal_path(name)), path.map(normal_path).as_deref())
        });
        if !found {
            out.push(Finding::new(
                codes::UNKNOWN_CHECK_REPOSITORY,
                item.span,
                format!("`check_repositories` names `{name}`, which is no configured repository's path or label"),
            ));
        }
    }
}

fn normal_path(path: &str) -> String {
    if path.contains(':') && !path.starts_with("file://") {
        return path.to_string();
    }
    let path = path.strip_prefix("file://").unwrap_or(path);
    let full = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/cwd/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn glob_match(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => fnmatch(a, b) || fnmatch(b, a),
        _ => false,
    }
}

/// Python's `fnmatch`: `*`, `?` and `[...]` classes over the whole string.
pub fn fnmatch(name: &str, pattern: &str) -> bool {
    let mut re = String::from("^(?s:");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                let close = chars[i + 1..]
                    .iter()
                    .enumerate()
                    .skip(usize::from(chars.get(i + 1) == Some(&'!')))
                    .skip(1)
                    .find(|(_, c)| **c == ']')
                    .map(|(j, _)| i + 1 + j);
                match close {
                    Some(end) => {
                        let body: String = chars[i + 1..end].iter().collect();
                        let body = body.replace('\\', "\\\\");
                        let body = match body.strip_prefix('!') {
                            Some(rest) => format!("^{rest}"),
                            None => body,
                        };
                        re.push('[');
                        re.push_str(&body);
                        re.push(']');
                        i = end;
                    }
                    None => re.push_str("\\["),
                }
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    re.push_str(")$");
    regex::Regex::new(&re).is_ok_and(|r| r.is_match(name))
}
